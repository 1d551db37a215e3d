// The installation steps of a package README, as a person follows them in an app that
// `npx @backstage/create-app` made: the "## Installation" section, up to the next "## " heading or to the
// steps for the legacy frontend system (create-app no longer makes such apps). Its commands are
// `yarn --cwd <workspace> add <package>`; its code blocks that open with `// packages/backend/src/index.ts`
// are edits of the backend's index. Other code there is an example (an app without feature discovery).

/** @typedef {{ kind: 'add', workspace: string, pkg: string } | { kind: 'backend', code: string[] }} Step */

/** @returns {Step[]} */
function blockSteps(lang, lines) {
  if (lang === 'bash' || lang === 'sh') {
    return lines
      .filter(line => line.trim())
      .map(line => {
        const add = /^yarn --cwd (\S+) add (\S+)$/.exec(line.trim());
        if (!add) {
          throw new Error(
            `an installation command this check cannot follow: ${line}`,
          );
        }
        return { kind: 'add', workspace: add[1], pkg: add[2] };
      });
  }
  if (/^tsx?$/.test(lang) && lines[0] === '// packages/backend/src/index.ts') {
    return [{ kind: 'backend', code: lines.slice(1) }];
  }
  return [];
}

/** @returns {Step[]} */
function installationSteps(markdown) {
  const lines = markdown.split('\n');
  const start = lines.findIndex(line => /^## Installation\b/.test(line));
  if (start < 0) {
    return [];
  }
  const steps = [];
  let block;
  for (const line of lines.slice(start + 1)) {
    if (!block && (/^## /.test(line) || /^### Legacy/.test(line))) {
      break;
    }
    if (line.startsWith('```')) {
      if (block) {
        steps.push(...blockSteps(block.lang, block.lines));
        block = undefined;
      } else {
        block = { lang: line.slice(3).trim(), lines: [] };
      }
    } else if (block) {
      block.lines.push(line);
    }
  }
  return steps;
}

module.exports = { installationSteps };
