export default async function globalTeardown() {
  const state = globalThis.__YPF_TEST__;
  if (!state) return;
  state.control?.close();
  await state.region?.stop();
  await state.pg?.stop();
}
