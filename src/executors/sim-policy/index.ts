export { SimVlaPolicy, type PolicyEnv, type PolicyOutput, type SimVlaPolicyOptions } from './policy.js';
export { FAULT_PRESETS, FaultConfigSchema, faultConfig, drawFaultPlan, type FaultConfig, type FaultPreset, type FaultKind, type InjectedFault, type FaultPlan } from './faults.js';
export { TRAINED_TEMPLATES, parseInstruction, matchTemplate, type Intent, type ParsedInstruction } from './language.js';
export { resolvePhrase, referents, functionalRegion, type Referent } from './resolve.js';
