import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { cleanupOpenApiDoc } from 'nestjs-zod';

/** The service's public API as OpenAPI, from its nestjs-zod DTOs. */
export function buildOpenApi(app: INestApplication, title: string): OpenAPIObject {
  const config = new DocumentBuilder().setTitle(title).setVersion('1.0').addBearerAuth().build();
  return cleanupOpenApiDoc(SwaggerModule.createDocument(app, config));
}
