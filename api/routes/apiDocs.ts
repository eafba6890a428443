import { Router } from 'express';
import swaggerUi from 'swagger-ui-express';
import { openApiDocument } from '../openapi/openApiDocument';

/**
 * `GET /openapi.json` (the OpenAPI 3.1 description) and `GET /docs` (the same, readable in a browser, with
 * Swagger UI served from the package — nothing is fetched from a CDN). Both are public: they describe the
 * API, and every call still needs a key.
 */
export function apiDocsRouter(): Router {
  const document = openApiDocument();
  const router = Router();
  router.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  router.use('/docs', swaggerUi.serve, swaggerUi.setup(document, { customSiteTitle: 'Tutti API' }));
  return router;
}
