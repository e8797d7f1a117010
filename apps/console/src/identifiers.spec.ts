import { parseIdentifierLines } from './identifiers';

describe('identifiers typed one per line (one syntax on every screen)', () => {
  it('takes the kind, then a colon or spaces, then the value', () => {
    expect(parseIdentifierLines('PHONE 13912345678\n vehicle_plate: 苏A 12345 \n\nEMAIL：li@example.cn')).toEqual([
      { kind: 'PHONE', value: '13912345678' },
      { kind: 'VEHICLE_PLATE', value: '苏A 12345' },
      { kind: 'EMAIL', value: 'li@example.cn' },
    ]);
  });

  it('leaves a line without a kind for the node to name', () => {
    expect(parseIdentifierLines('13912345678')).toEqual([{ kind: '', value: '13912345678' }]);
  });
});
