/**
 * Imports point one way, down the tiers:
 * surfaces (server, cli, ui) -> app (composition root) -> agents -> execution -> executors/verifier
 * -> robots/world -> domain. Surfaces may import anything below them; nothing imports upwards.
 */
const tier = (name, mayNotImport) => ({
  name: `${name}-imports-downwards-only`,
  severity: 'error',
  from: { path: `^src/${name}/` },
  to: { path: mayNotImport },
});

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    tier('domain', '^(src/(runtime|world|robots|executors|verifier|execution|reasoning|traces|server|cli|ui|skills)|agents)/'),
    tier('skills', '^(src/(runtime|world|robots|executors|verifier|execution|reasoning|traces|server|cli|ui)|agents)/'),
    tier('world', '^(src/(runtime|robots|executors|verifier|execution|reasoning|traces|server|cli|ui)|agents)/'),
    {
      ...tier('robots', '^(src/(runtime|executors|verifier|execution|reasoning|traces|server|cli|ui|sim-robot)|agents)/'),
      from: { path: '^src/robots/', pathNot: '^src/robots/bodies/' },
    },
    /**
     * Bodies reach robots over ROS transports, so they may use the wire plumbing of the executors'
     * ROS bindings (clients, message decoders, action-goal ports) — never an executor itself.
     */
    tier('robots/bodies', '^(src/(runtime|verifier|execution|reasoning|traces|server|cli|ui|app|sim-robot)|agents)/'),
    {
      name: 'bodies-use-only-ros-wire-plumbing',
      severity: 'error',
      from: { path: '^src/robots/bodies/' },
      to: {
        path: '^src/executors/',
        pathNot: '^src/executors/(rosbridge/(client|protocol|errors|health|rosbridge-executor)|ros2/(rcl-api|loader|messages|goal-port|goals|goal-build-error|move-group|ros2-executor|action-goal-executor|action-config|results|testing/fake-rcl)|protocols/(errors|retry|message-bounds))\\.ts$',
      },
    },
    /** The networked simulated robot is a surface of its own: only the CLI (and the benchmark) start it. */
    tier('sim-robot', '^(src/(app|server|cli|ui|execution|verifier|reasoning|traces|runtime)|agents)/'),
    {
      name: 'only-surfaces-start-the-sim-robot',
      severity: 'error',
      from: { path: '^(src|agents)/', pathNot: '^src/(cli|sim-robot)/' },
      to: { path: '^src/sim-robot/' },
    },
    tier('verifier', '^(src/(runtime|world|robots|executors|execution|reasoning|traces|server|cli|ui)|agents)/'),
    tier('executors', '^(src/(runtime|verifier|execution|reasoning|traces|server|cli|ui)|agents)/'),
    tier('execution', '^(src/(runtime|world|robots|executors|verifier|skills|reasoning|traces|server|cli|ui)|agents)/'),
    /** Database plumbing (the synchronous PostgreSQL connection, migrations) below every store: the domain only. */
    tier('storage', '^(src/(runtime|world|robots|executors|verifier|execution|skills|reasoning|traces|app|server|cli|ui|sim-robot)|agents)/'),
    tier('traces', '^(src/(world|robots|executors|verifier|execution|skills|reasoning|runtime|server|cli|ui)|agents)/'),
    tier('runtime', '^(src/(app|server|cli|ui)|agents)/'),
    tier('app', '^src/(server|cli|ui)/'),
    tier('server', '^src/(cli)/'),
    tier('ui', '^(src/(app|server|cli|runtime|execution|executors|world|robots|verifier|reasoning)|agents)/'),
    {
      name: 'reasoning-reads-beliefs-not-the-world',
      severity: 'error',
      from: { path: '^src/reasoning/' },
      to: { path: '^src/(world/(?!catalog)|robots|executors|verifier|execution|traces|runtime|server|cli|ui)|^agents/' },
    },
    {
      name: 'agents-sit-below-the-surfaces',
      severity: 'error',
      from: { path: '^agents/' },
      to: { path: '^src/(app|server|cli|ui)/' },
    },
    {
      name: 'bench-measures-through-public-entry-points',
      severity: 'error',
      from: { path: '^bench/' },
      to: { path: '^src/(server|cli|ui)/' },
    },
    {
      name: 'agents-do-not-touch-hardware',
      severity: 'error',
      from: { path: '^agents/' },
      to: { path: '^src/(robots|executors|world)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.test\\.ts$' },
  },
};
