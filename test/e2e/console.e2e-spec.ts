import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { buildSchema, parse, validate } from 'graphql';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { eventually, gql, homeTokenFor, testEnv } from '@ypf/testing';
import { DEMO_AMBER_STRICT_PERSON_ID } from '../../apps/city-node/src/modules/seed/demo-data.js';

/**
 * The officers' console in a real browser (Debian's chromium, driven by playwright-core; no browser download) against
 * the region the suite booted, through the gateway that serves it. The issue's scenario: a Taizhou liaison officer
 * files a request to Suzhou from the resource catalogue; a Suzhou officer sees it arrive live, acknowledges, accepts
 * and commits; Taizhou sees the answer; a Wuxi analyst's search shows Taizhou's AMBER+STRICT report only as HIT_ONLY.
 * `npm run screenshots` runs this file with YPF_SCREENSHOTS=1 and saves the main screens under docs/screenshots/.
 */
const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) {
  console.warn(`console e2e SKIPPED: ${CHROMIUM} is missing. Install Debian's browser with "apt-get install -y chromium" (.ci/run does).`);
}
const PASSWORD = 'yangtze-demo';

(haveChromium ? describe : describe.skip)('officers’ console in headless Chromium', () => {
  const base = () => testEnv.gatewayUrl().replace(/\/graphql$/, '');
  const shotsDir = () => join(testEnv.repoRoot(), 'docs/screenshots');
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  /** Every GraphQL operation the console sent in this file, with where it went. */
  const sent = new Map<string, string>();

  async function shot(page: Page, name: string, fullPage = true): Promise<void> {
    if (!testEnv.screenshots()) return;
    mkdirSync(shotsDir(), { recursive: true });
    await page.screenshot({ path: join(shotsDir(), `${name}.png`), fullPage });
  }

  /** A fresh browser context (its own storage: one officer), in the given language, logged in at its home city. */
  async function officer(city: string, username: string, lang: 'zh' | 'en', viewport = { width: 1440, height: 900 }): Promise<Page> {
    const context = await browser.newContext({ viewport, locale: lang === 'zh' ? 'zh-CN' : 'en-GB', timezoneId: 'Asia/Shanghai' });
    contexts.push(context);
    await context.addInitScript({ content: `localStorage.setItem('ypf.lang', ${JSON.stringify(lang)});` });
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error(`[${username}] page error: ${e.message}`));
    page.on('request', (r) => {
      const body = r.method() === 'POST' && /\/graphql$/.test(r.url()) ? r.postData() : null;
      const query = body ? (JSON.parse(body) as { query?: unknown }).query : undefined;
      if (typeof query === 'string') sent.set(query, new URL(r.url()).pathname);
    });
    await page.goto(`${base()}/`);
    await page.locator('#login-city').selectOption(city);
    await page.locator('#login-username').fill(username);
    await page.locator('#login-password').fill(PASSWORD);
    await page.locator('form button[type=submit]').click();
    await page.getByTestId('officer-city').waitFor();
    return page;
  }

  /** Waits until a screen has loaded (no "Loading…" left) and the live feed is connected, so a screenshot shows data. */
  async function settled(page: Page): Promise<void> {
    await page.waitForFunction('!/Loading…|加载中…/.test(document.body.innerText)', null, { timeout: 20_000 });
    await eventually(async () => (await page.getByTestId('feed-state').getAttribute('class')) === 'live', 15_000);
    await page.waitForTimeout(300);
  }

  async function setPurpose(page: Page, purpose: string): Promise<void> {
    await page.locator('#purpose').fill(purpose);
  }

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
  });

  it('is served by the gateway at / with a single-page fallback, beside /graphql and /health', async () => {
    const root = await fetch(`${base()}/`);
    expect(root.status).toBe(200);
    expect(await root.text()).toMatch(/<div id="root"><\/div>/);
    const deep = await fetch(`${base()}/some/console/path`, { headers: { accept: 'text/html' } });
    expect(deep.status).toBe(200);
    expect(deep.headers.get('content-type')).toMatch(/text\/html/);
    expect((await fetch(`${base()}/health`).then((r) => r.json())) as unknown).toMatchObject({ status: 'ok' });
    expect((await fetch(`${base()}/assets/missing.js`)).status).toBe(404);
    const gql = await fetch(`${base()}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(gql.status).toBe(200);
  });

  it('passes /nodes/<city>/graphql to that city only, and refuses cities outside the registry', async () => {
    const unknown = await fetch(`${base()}/nodes/atlantis/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    expect(unknown.status).toBe(404);
    const get = await fetch(`${base()}/nodes/suzhou/graphql`);
    expect(get.status).toBe(405);
    // The proxy adds no power: without a token a write is refused by the node itself.
    const anonymous = await fetch(`${base()}/nodes/suzhou/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation { suzhou { submitAssistanceRequest(id: "suzhou:x") { id } } }' }),
    }).then((r) => r.json() as Promise<{ errors: { extensions: { code: string } }[] }>);
    expect(anonymous.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('Taizhou files a request to Suzhou from the catalogue; Suzhou sees it live, acknowledges, accepts and commits; Taizhou sees the answer', async () => {
    const suzhou = await officer('suzhou', 'suzhou.liaison_officer', 'zh');
    await suzhou.goto(`${base()}/#/assistance`);
    // Suzhou's feed must be live before Taizhou files, so that the arrival is seen live, not on a reload.
    await eventually(async () => (await suzhou.getByTestId('feed-state').getAttribute('class')) === 'live', 15_000);

    const taizhou = await officer('taizhou', 'taizhou.liaison_officer', 'en');
    await expect(taizhou.getByTestId('officer-city').textContent()).resolves.toContain('Taizhou');
    await expect(taizhou.getByTestId('officer-roles').textContent()).resolves.toContain('LIAISON OFFICER');
    if (testEnv.screenshots()) {
      await settled(taizhou);
      await shot(taizhou, 'overview-en');
    }
    await setPurpose(taizhou, 'TZ-EVENT-2026-31');
    await taizhou.goto(`${base()}/#/assistance`);
    await taizhou.getByLabel('Resource type').selectOption('SWAT');
    await taizhou.getByRole('button', { name: 'Find resources' }).click();
    const entry = taizhou.locator('[data-testid=catalogue-entry][data-id="suzhou:swat-1"]');
    await entry.waitFor();
    await entry.getByRole('button').click();
    const form = taizhou.getByTestId('file-request');
    await form.getByLabel('Description').fill('Two special police teams for the river festival closing night.');
    await form.getByLabel('Location').fill('Taizhou Fenghuang river front');
    await form.getByLabel('Quantity').fill('2');
    await shot(taizhou, 'assistance-file-en');
    await form.getByRole('button', { name: 'File and send' }).click();
    const filed = await form.getByRole('status').textContent();
    const id = /Request (taizhou:\S+) sent/.exec(filed ?? '')?.[1];
    expect(id).toBeDefined();

    // Suzhou: the feed announces it and the inbox shows it without a reload.
    const notice = suzhou.locator('[data-testid=notifications] [data-kind="assistance.incoming"]').first();
    await notice.waitFor({ timeout: 30_000 });
    // Said in Chinese from the notice's parameters, with the deadline in Beijing time (not English and UTC).
    await expect(notice.textContent()).resolves.toMatch(/新的协助请求.*泰州发来紧急.*请求：“.*”（请于 \d{4}\/\d{1,2}\/\d{1,2} \d{2}:\d{2} 前签收）/);
    const incoming = suzhou.locator(`[data-testid=assistance-request][data-id="${id}"]`);
    await incoming.waitFor({ timeout: 30_000 });
    await shot(suzhou, 'assistance-incoming-zh');
    await incoming.getByRole('button', { name: '签收' }).click();
    await incoming.locator('[data-testid=answer][data-status=ACKNOWLEDGED]').waitFor();
    await incoming.getByRole('button', { name: '接受', exact: true }).click();
    await incoming.locator('[data-testid=answer][data-status=ACCEPTED]').waitFor();
    // Pre-filled with what Taizhou asked for (2, within what a liaison officer may commit alone).
    await expect(incoming.getByLabel('承诺数量').inputValue()).resolves.toBe('2');
    await expect(incoming.getByTestId('commit-limit').count()).resolves.toBe(0);
    await incoming.getByRole('button', { name: '承诺资源' }).click();
    await incoming.locator('[data-testid=answer][data-status=COMMITTED]').waitFor();

    // Taizhou: the answer arrives on its outbox, live from its own feed.
    const outgoing = taizhou.locator(`[data-testid=assistance-request][data-id="${id}"]`);
    await outgoing.waitFor({ timeout: 30_000 });
    await taizhou.locator(`[data-testid=assistance-request][data-id="${id}"] [data-testid=answer][data-city=suzhou][data-status=COMMITTED]`).waitFor({ timeout: 30_000 });
    await expect(outgoing.locator('[data-testid=answer][data-city=suzhou]').textContent()).resolves.toContain('2');
    await taizhou.locator('[data-testid=notifications] [data-kind^="assistance."]').first().waitFor();
    await shot(taizhou, 'assistance-answered-en');

    // The delivery status of those messages, in Taizhou's own words.
    await taizhou.goto(`${base()}/#/delivery`);
    await taizhou.getByTestId('outbox').locator('tbody tr').first().waitFor();
    await shot(taizhou, 'delivery-en');
  }, 150_000);

  it('a Wuxi analyst’s search shows Taizhou’s AMBER+STRICT report only as HIT_ONLY, with whom to ask', async () => {
    const wuxi = await officer('wuxi', 'wuxi.analyst', 'zh');
    await setPurpose(wuxi, 'WX-2026-0001');
    await wuxi.goto(`${base()}/#/search`);
    await wuxi.locator('#search-h').waitFor();
    await wuxi.getByLabel('标识类型').selectOption('PERSON_ID');
    await wuxi.getByLabel('标识', { exact: true }).fill(DEMO_AMBER_STRICT_PERSON_ID);
    await wuxi.getByRole('button', { name: '检索', exact: true }).click();
    const results = wuxi.locator('[data-testid=search-result][data-city=taizhou]');
    await results.first().waitFor({ timeout: 20_000 });
    const levels = await results.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-level')));
    expect(levels).toEqual(['HIT_ONLY']);
    const row = results.first();
    await expect(row.textContent()).resolves.not.toMatch(/counterfeit medicine|wholesaler/i);
    await expect(row.textContent()).resolves.toContain('仅命中');
    await expect(row.getByRole('button', { name: '申请详情' }).isVisible()).resolves.toBe(true);
    await shot(wuxi, 'search-hit-only-zh');
  }, 90_000);

  it('imports case counts from CSV all or nothing, naming every bad row in the officer\'s language', async () => {
    const analyst = await officer('nanjing', 'nanjing.analyst', 'en');
    await analyst.goto(`${base()}/#/warnings`);
    // The screen's data and the live feed first: typing into a form while the screen still settles could be lost.
    await settled(analyst);
    const period = new Date(Date.now() - 2 * 3_600_000).toISOString();
    await analyst.getByLabel('CSV: category,area,period_start,count').fill(`category,area,period_start,count\nFRAUD,gulou,${period},4\nFRAUD,gulou,yesterday,4\nFRAUD,jianye,${period},four`);
    await analyst.getByRole('button', { name: 'Import', exact: true }).click();
    const rejected = analyst.locator('[role=alert][data-code=CSV_REJECTED]');
    await rejected.waitFor({ timeout: 20_000 });
    await expect(rejected.textContent()).resolves.toContain('Nothing was imported');
    await expect(rejected.locator('tbody tr').count()).resolves.toBe(2);
    await expect(rejected.locator('tbody tr').nth(1).textContent()).resolves.toContain('"four" is not a whole number');
    await analyst.getByLabel('CSV: category,area,period_start,count').fill(`category,area,period_start,count\nFRAUD,gulou,${period},4\nFRAUD,jianye,${period},6`);
    await analyst.getByRole('button', { name: 'Import', exact: true }).click();
    await analyst.getByText('2 counts imported.').waitFor({ timeout: 20_000 });
    // An analyst records counts but owns no rules: no rule form (the node would refuse it).
    await expect(analyst.getByRole('button', { name: 'Evaluate now' }).count()).resolves.toBe(0);
    await analyst.close();

    // A liaison officer reads the warning line and is offered neither the import nor a new rule (issue 17).
    const liaison = await officer('nanjing', 'nanjing.liaison_officer', 'en');
    await liaison.goto(`${base()}/#/warnings`);
    await settled(liaison);
    await liaison.getByRole('heading', { name: 'Early-warning rules' }).waitFor({ timeout: 20_000 });
    await expect(liaison.getByLabel('CSV: category,area,period_start,count').count()).resolves.toBe(0);
    await expect(liaison.getByRole('button', { name: 'Import', exact: true }).count()).resolves.toBe(0);
    await expect(liaison.getByRole('button', { name: 'Evaluate now' }).count()).resolves.toBe(0);
  }, 60_000);

  it('proposes a watch entry: prohibited data is refused with the reason, a clean proposal awaits another supervisor', async () => {
    const page = await officer('nanjing', 'nanjing.liaison_officer', 'en');
    await page.goto(`${base()}/#/watch`);
    await settled(page);
    await page.getByLabel('Legal basis (law and article)').fill('刑事诉讼法 第81条');
    await page.getByLabel('Warrant, court order or decision reference').fill('NJ-ARREST-2026-0777');
    await page.getByLabel('Identifiers (one per line: KIND value, e.g. PHONE 13912345678)').fill('PHONE 13900001111\nVEHICLE_PLATE 苏A7Q777');
    await page.getByLabel('Minimal description for recognition').fill('Male, about 30, attends a mosque near Gulou.');
    await page.getByRole('button', { name: 'Propose for approval' }).click();
    const refused = page.locator('[role=alert][data-code=PROHIBITED_DATA]').first();
    await refused.waitFor({ timeout: 20_000 });
    await page.getByLabel('Minimal description for recognition').fill('Male, about 30, tattoo of a tiger on the right forearm.');
    await page.getByRole('button', { name: 'Propose for approval' }).click();
    await page.getByText(/proposed: a supervisor other than you approves it/).waitFor({ timeout: 20_000 });
  }, 60_000);

  it('shows the notices that came while the officer was away as unread, and marks them read for the next login (issue 17)', async () => {
    const db = new pg.Client({ connectionString: testEnv.cityDatabaseUrls().changzhou });
    await db.connect();
    try {
      // Two notices for Changzhou's supervisors arrive while nobody is logged in.
      for (const n of [1, 2]) {
        await db.query(`INSERT INTO officer_notification (recipient_role, kind, text, reference, created_at) VALUES ('SUPERVISOR', 'intelligence.submitted', $1, $2, now())`, [`Report ${n} awaits approval.`, `changzhou:unread-${n}`]);
      }
    } finally {
      await db.end();
    }
    const page = await officer('changzhou', 'changzhou.supervisor', 'en');
    await settled(page);
    const unread = page.getByTestId('unread-count');
    await unread.waitFor({ timeout: 20_000 });
    await expect(page.locator('[data-testid=notifications] li[data-unread=true]').count()).resolves.toBeGreaterThanOrEqual(2);
    await expect(page.getByTestId('notifications').textContent()).resolves.toContain('Report 2 awaits approval.');
    await page.getByRole('button', { name: 'Mark all read' }).click();
    await unread.waitFor({ state: 'detached', timeout: 20_000 });
    await page.close();
    // The next login starts from the marker: nothing unread, the pane not refilled with what was read.
    const again = await officer('changzhou', 'changzhou.supervisor', 'en');
    await settled(again);
    await expect(again.getByTestId('unread-count').count()).resolves.toBe(0);
    await expect(again.getByTestId('notifications').textContent()).resolves.not.toContain('Report 2 awaits approval.');
  }, 60_000);

  it('explains a refusal in the officer’s language, with the server’s message', async () => {
    const wuxi = await officer('wuxi', 'wuxi.analyst', 'en');
    await setPurpose(wuxi, '');
    await wuxi.goto(`${base()}/#/watch`);
    await wuxi.getByLabel('Value', { exact: true }).fill('苏M12345');
    await wuxi.getByLabel('Identifier kind').selectOption('VEHICLE_PLATE');
    await wuxi.getByRole('button', { name: 'Check all cities' }).click();
    const alert = wuxi.locator('[role=alert][data-code=PURPOSE_REQUIRED]').first();
    await alert.waitFor({ timeout: 20_000 });
    await expect(alert.textContent()).resolves.toContain('Cross-city reads need a purpose');

    // The regional board without a purpose: the seven other cities refuse, and the officer is asked once (issue 17:
    // one error per city), with the cities named and a way to the purpose field.
    await wuxi.goto(`${base()}/#/overview`);
    const asked = wuxi.locator('[role=alert][data-code=PURPOSE_REQUIRED]');
    await asked.first().waitFor({ timeout: 20_000 });
    await wuxi.waitForTimeout(500);
    await expect(asked.count()).resolves.toBe(1);
    await expect(asked.textContent()).resolves.toContain('Nanjing');
    await asked.getByRole('button', { name: 'Enter the purpose' }).click();
    await expect(wuxi.evaluate(() => document.activeElement?.id)).resolves.toBe('purpose');
  }, 90_000);

  it("sent only operations valid against the committed API schema (apps/gateway/supergraph/api-schema.graphql)", () => {
    // The console's operations are typed against the schema clients see: a renamed field or argument fails here, not
    // in an officer's browser. Everything the scenarios above sent, to the gateway and to the home node alike.
    const schema = buildSchema(readFileSync(join(testEnv.repoRoot(), 'apps/gateway/supergraph/api-schema.graphql'), 'utf8'));
    expect(sent.size).toBeGreaterThanOrEqual(15);
    const invalid = [...sent].flatMap(([query, path]) => validate(schema, parse(query)).map((e) => `${path}: ${e.message} in ${query.slice(0, 120)}`));
    expect(invalid).toEqual([]);
  });

  if (testEnv.screenshots()) {
    it('saves the other main screens (npm run screenshots)', async () => {
      // Something to show: a Taizhou incident under the city-gates plan with two reports, and a red warning whose
      // campaign involves Yangzhou.
      const run = async (city: string, role: string, query: string, variables: Record<string, unknown> = {}) => {
        const r = await gql(testEnv.gatewayUrl(), query, { token: homeTokenFor(city, role), variables });
        expect(r.errors).toBeUndefined();
        return r.data![city];
      };
      const reported = await run('taizhou', 'COMMANDER', 'mutation($i: IncidentReportInput!) { taizhou { reportIncident(input: $i) { id } } }', {
        i: {
          title: '长江大桥持械抢劫，嫌疑车辆北逃', incidentType: 'PUBLIC_SECURITY', grade: 'II', location: '泰州 海陵区 青年南路',
          affectedArea: '泰州、扬州、镇江方向出城道路', summary: '两名持械嫌疑人抢劫金店后驾驶灰色轿车向北逃窜。',
          commanderName: '陈副局长', commanderContact: '0523-8688-0110', invitedCities: ['yangzhou', 'zhenjiang'],
        },
      });
      const incident = reported.reportIncident.id as string;
      await run('taizhou', 'COMMANDER', `mutation { taizhou { activateContingencyPlan(id: "${incident}", planCode: "CITY_GATES") { id } } }`);
      for (const [situation, actionsTaken] of [
        ['嫌疑车辆在京沪高速泰州北出口被发现。', '泰州北、姜堰收费站卡口已启动。'],
        ['嫌疑车辆弃于扬州江都，嫌疑人步行逃离。', '扬州警方接管现场，镇江卡口保持。'],
      ]) {
        await run('taizhou', 'COMMANDER', 'mutation($id: ID!, $i: SitrepInput!) { taizhou { issueSitrep(id: $id, input: $i) { id } } }', { id: incident, i: { situation, actionsTaken } });
      }
      const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
      await run('taizhou', 'ANALYST', 'mutation($c: [CaseCountInput!]!) { taizhou { recordCaseCounts(counts: $c) { imported } } }', {
        c: [{ category: 'THEFT_ROBBERY', area: 'hailing', periodStart: hourAgo, count: 48 }],
      });
      await run('taizhou', 'COORDINATOR', 'mutation($i: WarningRuleInput!) { taizhou { createWarningRule(input: $i) { id } } }', {
        i: { name: '两抢一盗 海陵区 24小时', category: 'THEFT_ROBBERY', scope: 'CITY', area: 'hailing', windowHours: 24, thresholds: { blue: 10, yellow: 20, orange: 30, red: 40 }, holdMinutes: 0, campaignCities: ['taizhou', 'yangzhou'] },
      });
      await run('taizhou', 'COORDINATOR', 'mutation { taizhou { evaluateWarningRules { effect } } }');

      const page = await officer('taizhou', 'taizhou.coordinator', 'zh');
      await setPurpose(page, 'TZ-2026-0042');
      await settled(page);
      await shot(page, 'overview-zh');
      await page.goto(`${base()}/#/incidents`);
      await settled(page);
      await page.getByRole('row', { name: /长江大桥/ }).getByRole('button', { name: '打开' }).click();
      await settled(page);
      await shot(page, 'incidents-zh');
      for (const [screen, name] of [
        ['warnings', 'warnings-zh'],
        ['watch', 'watch-zh'],
      ] as const) {
        await page.goto(`${base()}/#/${screen}`);
        await settled(page);
        await shot(page, name);
      }
      const auditor = await officer('taizhou', 'taizhou.auditor', 'en');
      await auditor.goto(`${base()}/#/audit`);
      await auditor.getByRole('button', { name: 'Verify the audit chain' }).click();
      await auditor.getByRole('status').first().waitFor();
      await shot(auditor, 'audit-en');
      const analyst = await officer('taizhou', 'taizhou.analyst', 'en');
      await analyst.goto(`${base()}/#/authoring`);
      await settled(analyst);
      await shot(analyst, 'authoring-en');
      const tablet = await officer('suzhou', 'suzhou.liaison_officer', 'zh', { width: 820, height: 1180 });
      await tablet.goto(`${base()}/#/assistance`);
      await settled(tablet);
      await shot(tablet, 'assistance-tablet-zh', false);
      const login = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await login.goto(`${base()}/`);
      await shot(login, 'login-zh', false);
      await login.close();
    }, 120_000);
  }
});
