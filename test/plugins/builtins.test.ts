/**
 * The mandatory built-in plugins, as the command line composes a run: every one is installed, each where
 * it must act on the live path — the breaker, the risk limits and cost accounting on every order, the
 * rate limiter on every broker request, state recovery before trading, the heartbeat probing once the
 * link is up — and none can be installed with options its schema refuses. The list is kept here, apart
 * from plugins/index.ts, so taking a guard off the path fails a test.
 */
import { describe, expect, it } from 'vitest';
import { riskLimitsWithDefaults } from '../../core/config/defaults.js';
import { isRoboError } from '../../core/domain/errors.js';
import { riskLimits } from '../../plugins/risk-limits/plugin.js';
import { sampleConfig, writeConfig } from '../support/cli.js';
import { hostFixture } from '../support/host-fixture.js';
import { loadedPipeline } from '../support/plugin-packages.js';

const MANDATORY = ['robo:circuit-breaker', 'robo:risk-limits', 'robo:rate-limiter', 'robo:heartbeat', 'robo:state-recovery', 'robo:cost-accounting'];

describe('the mandatory built-in plugins', () => {
  it('when a run is composed from a config then every mandatory plugin is installed, and each taps the hooks of the live path it guards', async () => {
    // Arrange
    const pipeline = await loadedPipeline(writeConfig(sampleConfig()));
    const { host } = pipeline.runtime;

    // Act
    await pipeline.start();

    // Assert
    const tapsOf = (hook: keyof typeof host.hooks): string[] => host.hooks[hook].taps.map((tap) => tap.name);
    expect([...host.mandatoryPlugins].sort()).toEqual([...MANDATORY].sort());
    expect(tapsOf('beforeOrder')).toEqual(expect.arrayContaining(['robo:circuit-breaker', 'robo:risk-limits', 'robo:cost-accounting']));
    expect(tapsOf('beforeBrokerRequest')).toContain('robo:rate-limiter');
    expect(tapsOf('beforeTrading')).toContain('robo:state-recovery');
    expect(tapsOf('afterFill')).toEqual(expect.arrayContaining(['robo:circuit-breaker', 'robo:cost-accounting']));
    expect(host.tasks.active().map((task) => `${task.owner} ${task.name}`)).toContain('robo:heartbeat probe');
    await host.stop({ reason: 'signal' });
  });

  it('when a built-in is installed through the API with options its schema refuses then the install fails and names the option', async () => {
    // Arrange
    const fx = await hostFixture({ start: false });

    // Act
    const error: unknown = await fx.host.install(riskLimits, { ...riskLimitsWithDefaults({}), maxOrderQuantity: -5 }).then(() => undefined, (e: unknown) => e);

    // Assert
    expect(isRoboError(error, 'ROBO_ERR_PLUGIN_FAILED')).toBe(true);
    expect(String(error)).toContain('maxOrderQuantity');
    expect(fx.host.plugins).not.toContain('robo:risk-limits');
  });
});
