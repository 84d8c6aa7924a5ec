/**
 * NCP-A as one fastify plugin: the three faces of country A's responding National Contact Point
 * under their own prefixes, sharing one set of options.
 *
 *   <prefix>/xcpd   XCPD Responding Gateway        ITI-55
 *   <prefix>/xca    XCA Responding Gateway         ITI-38, ITI-39
 *   <prefix>/xcai   XCA-I Responding Imaging Gateway  RAD-75
 */
import type { FastifyPluginAsync } from 'fastify';
import { withNcpAFaults } from './faults.ts';
import type { RespondingGatewayOptions } from './gateway-options.ts';
import { xcaRespondingGateway } from './xca-responding-gateway.ts';
import { xcaiRespondingGateway } from './xcai-responding-gateway.ts';
import { xcpdRespondingGateway } from './xcpd-responding-gateway.ts';

export const NCP_A_PATHS = { xcpd: '/xcpd', xca: '/xca', xcai: '/xcai' } as const;

export const respondingGateway: FastifyPluginAsync<RespondingGatewayOptions> = async (app, given) => {
  const faulty = given.faults?.length ? { ...given, authorizer: withNcpAFaults(given.authorizer, given.faults) } : given;
  const { audit, ...unaudited } = faulty;
  const options = audit && given.faults?.includes('no-audit') ? unaudited : faulty;
  await app.register(xcpdRespondingGateway, { ...options, prefix: NCP_A_PATHS.xcpd });
  await app.register(xcaRespondingGateway, { ...options, prefix: NCP_A_PATHS.xca });
  await app.register(xcaiRespondingGateway, { ...options, prefix: NCP_A_PATHS.xcai });
};
