// Cross-platform `rm -rf` for the build script, so no extra dependency is needed.
import {rmSync} from 'node:fs'

for (const target of process.argv.slice(2)) rmSync(target, {force: true, recursive: true})
