// The seed the simulator's GraphQL tests start from (fixtures/seed.json) and its tokens by kind: the workflow's
// GITHUB_TOKEN, an app's, a project PAT, a read-project PAT, a repo-only PAT. Test data only: never starts a simulator.
import { fileURLToPath } from 'node:url'

export const SEED = fileURLToPath(new URL('./fixtures/seed.json', import.meta.url))
export const T = {
  workflow: 'ghs_campWorkflow',
  app: 'ghs_campApp',
  pat: 'ghp_minaProject',
  readProject: 'ghp_minaReadProject',
  repoOnly: 'ghp_joonLimited'
}
