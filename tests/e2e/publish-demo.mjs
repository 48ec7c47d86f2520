// A server with the demonstration surveys published, left running for measuring the
// public pages (Lighthouse, axe, sizes): `node publish-demo.mjs` prints the URLs; Ctrl-C
// stops it. Uses MANYI_BIN like the tests.
import { startServer } from './support/server.mjs';

const STAFF = { username: 'measure.staff', password: 'a long measuring password' };
const server = await startServer({
  prepare(cli) {
    cli(['user', 'add', STAFF.username, '--role', 'staff'], { MANYI_PASSWORD: STAFF.password });
  },
});
const api = (path, init = {}) => fetch(`${server.url}/api${path}`, init);
const json = (body) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
for (const answers of server.sampleAnswers('yingshang-2023', 60, 7)) {
  const res = await api('/surveys/yingshang-2023/responses', json({ id: crypto.randomUUID(), answers }));
  if (res.status !== 201) throw new Error(await res.text());
}
const login = await api('/auth/login', json(STAFF));
const cookie = login.headers.get('set-cookie').split(';')[0];
for (const status of ['closed', 'published']) {
  const res = await api('/staff/surveys/yingshang-2023/status', { ...json({ status }), headers: { 'content-type': 'application/json', cookie } });
  if (!res.ok) throw new Error(`${status}: ${res.status} ${await res.text()}`);
}
console.log(`${server.url}/results/yingshang-2023`);
console.log(`${server.url}/results`);
process.on('SIGINT', async () => { await server.stop(); process.exit(0); });
process.on('SIGTERM', async () => { await server.stop(); process.exit(0); });
setInterval(() => {}, 1 << 30);
