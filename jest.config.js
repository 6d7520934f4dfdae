// Every project's unit specs in one run (npm test); `nx test <project>` runs one project.
const { readdirSync, existsSync } = require('node:fs');
const { join } = require('node:path');

const projects = [
  ...['apps', 'libs'].flatMap((dir) =>
    readdirSync(join(__dirname, dir))
      .map((name) => join(__dirname, dir, name, 'jest.config.js'))
      .filter((file) => existsSync(file)),
  ),
  join(__dirname, 'bench', 'jest.config.js'),
  join(__dirname, 'tools', 'jest.config.js'),
];

module.exports = { projects };
