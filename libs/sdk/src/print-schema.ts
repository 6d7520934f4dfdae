// Prints the schema.ts that the committed public API generates (the unit test runs it under tsx:
// openapi-typescript's dependencies are ES modules that jest's CommonJS runtime cannot load).
import { schemaSource } from './generate';

schemaSource().then(
  (source) => process.stdout.write(source),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
