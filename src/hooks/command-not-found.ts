import {type Hook, toConfiguredId} from '@oclif/core'

import {badInput} from '../errors.js'
import {closest} from '../lib/text/closest.js'

/**
 * An unknown command is bad input: one line with the closest command, exit 2, on a terminal or not.
 * (@oclif/plugin-not-found only suggests on a terminal and exits 127.)
 */
const hook: Hook.CommandNotFound = async function (options) {
  const visible = [
    ...options.config.commands.filter((c) => !c.hidden).map((c) => c.id),
    ...options.config.topics.filter((t) => !t.hidden).map((t) => t.name),
  ]
  const typed = toConfiguredId(options.id, options.config)
  const suggestion = closest(options.id, visible)
  const readable = suggestion ? toConfiguredId(suggestion, options.config) : undefined
  const error = badInput(
    'UNKNOWN_COMMAND',
    `"${typed}" is not a ${options.config.bin} command.${readable ? ` Did you mean "${readable}"?` : ''}`,
    [readable ? `${options.config.bin} ${readable} --help` : `${options.config.bin} --help lists the commands`],
  )
  process.stderr.write(`✗ ${error.message} [${error.code}]\n  try: ${error.hints[0]}\n`)
  this.exit(error.exitCode)
}

export default hook
