// A minimal TypeScript loader for the e2e test (what tsx or ts-node would be for a user):
// node --import=<this file> strips types with esbuild.
import {register} from 'node:module'

register('./hooks.mjs', import.meta.url)
