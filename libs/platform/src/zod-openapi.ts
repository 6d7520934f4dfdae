import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { cleanupOpenApiDoc } from 'nestjs-zod';
import { PROBLEM_OPENAPI_SCHEMA } from '@mstore/contracts';

/** The service's public API as OpenAPI, from its nestjs-zod DTOs. */
export function buildOpenApi(app: INestApplication, title: string): OpenAPIObject {
  const config = new DocumentBuilder().setTitle(title).setVersion('1.0').addBearerAuth().build();
  const doc = cleanupOpenApiDoc(SwaggerModule.createDocument(app, config));
  // what the routes' problem answers (ApiProblems) refer to
  doc.components = {
    ...doc.components,
    schemas: { ...doc.components?.schemas, Problem: PROBLEM_OPENAPI_SCHEMA },
  };
  return doc;
}
