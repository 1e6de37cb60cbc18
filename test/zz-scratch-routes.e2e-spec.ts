import { startApi } from './support/api-harness';
import { ModulesContainer, DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { PATH_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { writeFileSync } from 'node:fs';
test('x', async () => {
  const api = await startApi();
  const fastify = api.app.getHttpAdapter().getInstance();
  const out: string[] = [fastify.printRoutes({ commonPrefix: false })];
  const s = new MetadataScanner();
  for (const w of [...api.app.get(ModulesContainer).values()].flatMap((m) => [...m.controllers.values()])) {
    const proto = Object.getPrototypeOf(w.instance);
    const base = Reflect.getMetadata(PATH_METADATA, w.metatype);
    for (const name of s.getAllMethodNames(proto)) {
      const h = proto[name]; const p = Reflect.getMetadata(PATH_METADATA, h); if (p === undefined) continue;
      out.push(`${RequestMethod[Reflect.getMetadata(METHOD_METADATA, h)]} ${base} | ${p} | roles=${Reflect.getMetadata('dsr:roles', h)} public=${Reflect.getMetadata('dsr:public', h)} ${w.metatype.name}`);
    }
  }
  writeFileSync('/tmp/az/routes.txt', out.join('\n'));
  await api.close();
});
