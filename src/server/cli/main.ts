import { cli } from './cli.ts';

cli()
  .parseAsync(process.argv)
  .catch((e: unknown) => {
    console.error(`huajie: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  });
