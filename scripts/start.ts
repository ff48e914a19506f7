import { startStack } from './stack.ts';

// `npm start`: the local edge, the demo site and the dashboard until Ctrl-C.
const stack = await startStack();
console.log(`
  crowdbandit is running locally (no account, no network):

    demo       ${stack.demoUrl}
    dashboard  ${stack.dashboardUrl}
    edge       ${stack.edgeUrl}   (admin token: ${stack.adminToken})

  Press Ctrl-C to stop.
`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    console.log('\n  stopping…');
    await stack.close();
    process.exit(0);
  });
}
