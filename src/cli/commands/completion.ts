/**
 * Shell completion, as cobra does it: `jcsql completion SHELL` prints a few lines of shell that
 * ask `jcsql __complete -- WORDS…` for the candidates, so what is offered always follows this
 * build's commands, options and tables, and the connections of the user's config.
 */
import { type Command, InvalidArgumentError, type Option } from 'commander';
import { loadConfig } from '../../config/index.js';
import { tables } from '../../tables/index.js';
import type { CliIO } from '../io.js';

const SHELLS = ['bash', 'zsh', 'fish'] as const;
type Shell = (typeof SHELLS)[number];

const SCRIPTS: Record<Shell, string> = {
  bash: `# jcsql completion for bash: source <(jcsql completion bash)
_jcsql_complete() {
  local IFS=$'\\n'
  local candidates
  candidates=$(jcsql __complete -- "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null)
  COMPREPLY=($(compgen -W "$candidates" -- "\${COMP_WORDS[COMP_CWORD]}"))
}
complete -o default -F _jcsql_complete jcsql
`,
  zsh: `#compdef jcsql
# jcsql completion for zsh: source <(jcsql completion zsh), after compinit
_jcsql() {
  local -a candidates
  candidates=("\${(@f)$(jcsql __complete -- "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  if [[ -n "\${candidates[1]}" ]]; then
    compadd -- "\${candidates[@]}"
  else
    _files
  fi
}
compdef _jcsql jcsql
`,
  fish: `# jcsql completion for fish: jcsql completion fish > ~/.config/fish/completions/jcsql.fish
function __jcsql_complete
    set -l words (commandline -opc) (commandline -ct)
    jcsql __complete -- $words[2..-1] 2>/dev/null
end
complete -c jcsql -a '(__jcsql_complete)'
`,
};

export function registerCompletionCommand(program: Command, io: CliIO): void {
  program
    .command('completion')
    .description('Print a shell completion script: commands, options, their values, tables and connections')
    .argument('<shell>', `the shell: ${SHELLS.join(', ')}`, (value: string) => {
      if (!(SHELLS as readonly string[]).includes(value))
        throw new InvalidArgumentError(`completion is for ${SHELLS.join(', ')}, got '${value}'.`);
      return value as Shell;
    })
    .addHelpText(
      'after',
      '\nExamples:\n  $ source <(jcsql completion bash)            # in ~/.bashrc\n  $ source <(jcsql completion zsh)             # in ~/.zshrc, after compinit\n  $ jcsql completion fish > ~/.config/fish/completions/jcsql.fish',
    )
    .action((shell: Shell) => {
      io.stdout.write(SCRIPTS[shell]);
    });
  program
    .command('__complete', { hidden: true })
    .argument('[words...]')
    .allowUnknownOption()
    .action(async (words: string[]) => {
      for (const candidate of await complete(program, words, io.env)) io.stdout.write(`${candidate}\n`);
    });
}

/**
 * The candidates for the last of `words` (the words after `jcsql`, the last one being typed,
 * possibly empty). Nothing means: let the shell complete file names.
 */
export async function complete(
  program: Command,
  words: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<string[]> {
  const typed = words.at(-1) ?? '';
  const before = words.slice(0, -1);
  let command = program;
  let positional = 0;
  for (let i = 0; i < before.length; i++) {
    const word = before[i]!;
    if (word.startsWith('-')) {
      const option = optionNamed(command, word);
      if (option && takesValue(option) && !word.includes('=')) i++; // its value
      continue;
    }
    const sub = visible(command).find((candidate) => candidate.name() === word);
    if (sub && positional === 0) command = sub;
    else positional++;
  }
  const previous = before.at(-1);
  const valueFor = previous?.startsWith('-') ? optionNamed(command, previous) : undefined;
  if (valueFor && takesValue(valueFor) && !previous!.includes('='))
    return matching(await values(valueFor, env), typed);
  if (typed.startsWith('-')) return matching(flags(command), typed);
  const subs = visible(command).map((sub) => sub.name());
  if (subs.length > 0 && positional === 0) return matching(subs, typed);
  if (command.name() === 'completion' && positional === 0) return matching(SHELLS, typed);
  if ((command.name() === 'tables' || command.name() === 'export') && positional === 0)
    return matching(
      tables.map((table) => table.name),
      typed,
    );
  return [];
}

const visible = (command: Command): Command[] =>
  command.commands.filter((sub) => !(sub as Command & { _hidden?: boolean })._hidden);

const optionNamed = (command: Command, word: string): Option | undefined => {
  const flag = word.split('=')[0];
  return command.options.find((option) => option.long === flag || option.short === flag);
};

const takesValue = (option: Option): boolean => option.required || option.optional;

const flags = (command: Command): string[] => [
  ...command.options.filter((option) => !option.hidden && option.long).map((option) => option.long!),
  '--help',
];

/** The values an option takes: its choices, the configured connections, or (nothing) file names. */
async function values(option: Option, env: NodeJS.ProcessEnv): Promise<string[]> {
  if (option.argChoices) return option.argChoices;
  if (option.long === '--connection') {
    try {
      const config = await loadConfig({ env });
      return [...config.connections, ...config.aggregators].map((connection) => connection.name);
    } catch {
      return []; // a broken config is reported when the command runs, not while typing it
    }
  }
  return [];
}

const matching = (candidates: readonly string[], typed: string): string[] =>
  candidates.filter((candidate) => candidate.startsWith(typed));
