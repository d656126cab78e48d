/**
 * Runs a script's main function and exits with the status it returns (0 if
 * none); an error is printed and exits with 1. The scripts are CommonJS under
 * Backstage's node transform, which has no top-level await.
 */
export function runMain(main: () => Promise<number | void>): void {
  main().then(
    status => process.exit(typeof status === 'number' ? status : 0),
    error => {
      console.error(error);
      process.exit(1);
    },
  );
}
