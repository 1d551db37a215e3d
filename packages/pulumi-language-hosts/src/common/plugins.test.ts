import { pluginEnv } from './plugins';

describe('pluginEnv', () => {
  it("takes the engine's list, or the host's own environment", () => {
    expect(pluginEnv(['A=1', 'B=x=y', 'bad'])).toEqual({ A: '1', B: 'x=y' });
    expect(pluginEnv([]).PATH).toBe(process.env.PATH);
  });
});
