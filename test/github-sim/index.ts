// The GitHub simulator's public face for tests, benches and scripts/sim.ts: start it, seed it, read its
// state and request log, script faults. Test code only: never imported from src/.
export {
  freePort,
  startSimulator,
  Simulator,
  type SimulatorOptions,
  type RequestLogEntry,
  type IssueAsUserInput,
  type ProjectRef
} from './simulator.js'
export { defaultSeed, loadSeed, DEFAULT_TOKENS } from './seed.js'
export type {
  Seed,
  SeedRepo,
  SeedToken,
  SeedUser,
  SeedOrganization,
  SeedProject,
  SeedProjectField,
  SeedProjectItem,
  SeedLabel,
  SeedIssue,
  SeedComment,
  SecondaryLimits,
  TokenKind
} from './seed.js'
export { ScaledClock, type SimClock } from './clock.js'
export type { Fault, FaultMatch, FaultRule, FaultScript } from './faults.js'
export type {
  SimState,
  SimIssue,
  SimPull,
  SimComment,
  SimLabel,
  SimEvent,
  SimProject,
  SimProjectField,
  SimProjectItem,
  SimUser,
  SimRepo
} from './model.js'
export { checkResponse, checkRequest, matchRoute } from './openapi.js'
export { implementedOperations } from './rest.js'
export { closingReferences } from './closing.js'
