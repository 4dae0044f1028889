import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildClient } from '../../workbench/client/build.ts';
import { startServer } from '../../workbench/server/server.ts';
import { DEFAULT_DATA_DIR, folderHelp, folderOptions, type Command } from '../command.ts';
import { formatCount, progressBar, styles } from '../terminal.ts';
import { openWorkspace } from '../workspace.ts';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'start the workbench in the browser (the default command)',
  help: `Usage: pulse serve [--port N] [--host H] [--query-timeout SECONDS] [--data DIR] [--notebooks DIR]

Starts the workbench on 127.0.0.1 and prints the URL to open; the URL carries a token that
is new on every start. On the first run — the default data folder ./data missing or without
data files — the sample data is generated there; any other data folder must hold data.

  --port N                 port to listen on (default 4711; 0 picks a free one)
  --host H                 address to listen on (default 127.0.0.1; anything else exposes your data)
  --query-timeout SECONDS  time limit for each query (default 30)
${folderHelp}`,

  async run(args, terminal) {
    const { values } = parseArgs({
      args,
      options: {
        ...folderOptions,
        port: { type: 'string', default: '4711' },
        host: { type: 'string', default: '127.0.0.1' },
        'query-timeout': { type: 'string', default: '30' },
      },
    });
    if (values.help) {
      terminal.out.write(`${this.help}\n`);
      return 0;
    }
    const port = Number(values.port);
    const timeoutSeconds = Number(values['query-timeout']);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`--port must be a port number (got "${values.port}")`);
    if (!(timeoutSeconds > 0)) throw new RangeError(`--query-timeout must be a positive number of seconds (got "${values['query-timeout']}")`);

    const style = styles(terminal.out);
    const bar = progressBar(terminal.err, 'Generating sample data');
    const workspace = await openWorkspace({
      dataDir: values.data,
      notebooksDir: values.notebooks,
      queryTimeoutMs: timeoutSeconds * 1000,
      // Only the first run in the default folder gets the sample: a mistyped --data is refused.
      sample: resolve(values.data) === resolve(DEFAULT_DATA_DIR),
      onSampleProgress: (done, total, label) => bar.update(done, total, label),
    });
    bar.finish();
    if (workspace.generatedSample) terminal.out.write(`Generated the sample data in ${workspace.session.dataDir}\n`);
    if (workspace.seededNotebooks.length > 0) {
      terminal.out.write(`Copied ${workspace.seededNotebooks.length} sample notebook${workspace.seededNotebooks.length === 1 ? '' : 's'} into ${workspace.session.notebooksDir}\n`);
    }
    for (const table of workspace.load.loaded) {
      terminal.out.write(`  ${table.name.padEnd(24)} ${formatCount(table.rows).padStart(12)} rows\n`);
    }
    for (const failure of workspace.load.failed) terminal.err.write(`${styles(terminal.err).yellow('skipped:')} ${failure.message}\n`);

    // The page is bundled from workbench/client/src on first start and after any change to it.
    const page = await buildClient();
    if (page.built) terminal.out.write(`Built the workbench page in ${(page.elapsedMs / 1000).toFixed(1)} s\n`);
    const server = await startServer({ session: workspace.session, host: values.host, port });
    terminal.out.write(`\nPulse is running. Open ${style.bold(server.url)}\nPress Ctrl+C to stop.\n`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await server.close();
    workspace.session.close();
    return 0;
  },
};
