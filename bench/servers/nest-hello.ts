// Scenario `framework`: the same hello on Nest 11 over Fastify, as the services are built.
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Server } from 'node:http';
import { announce } from './announce';

@Controller()
class HelloController {
  @Get('hello')
  hello() {
    return { hello: 'world' };
  }
}

@Module({ controllers: [HelloController] })
class HelloModule {}

async function main(): Promise<void> {
  // the adapter as libs/platform builds it for every service: no middie (no Nest middleware)
  const adapter = new FastifyAdapter({ skipMiddie: true });
  const app = await NestFactory.create<NestFastifyApplication>(HelloModule, adapter, {
    logger: false,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  announce(app.getHttpServer() as Server);
}

void main();
