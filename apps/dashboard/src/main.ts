import { render } from 'lit-html';
import { type Connection, type Reading, read } from './edge-client.ts';
import { page } from './view.ts';

const params = new URLSearchParams(location.search);
const connection: Connection = {
  edgeUrl: params.get('edge') ?? import.meta.env.VITE_EDGE_URL ?? 'http://127.0.0.1:8787',
  app: params.get('app') ?? 'demo',
  adminToken: params.get('token') ?? import.meta.env.VITE_ADMIN_TOKEN ?? 'local-admin-token',
  publishableKey: params.get('key') ?? 'pk_demo_local',
};
const root = document.getElementById('app')!;
let reading: Reading | null = null;

async function refresh(): Promise<void> {
  try {
    reading = await read(connection);
    render(page(connection, reading, null), root);
  } catch (error) {
    render(page(connection, reading, (error as Error).message), root);
  }
}

await refresh();
setInterval(refresh, 2000);
