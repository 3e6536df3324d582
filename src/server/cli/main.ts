import { cli } from './cli.ts';

cli()
  .parseAsync(process.argv)
  .catch((e: unknown) => {
    // a refused input names the problem; anything else is a fault, but still no stack trace
    console.error(`huajie: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  });
