// The Swagger UI page, as a file: the Content-Security-Policy allows no inline scripts.
window.ui = SwaggerUIBundle({ url: '/api/v1/openapi.yaml', dom_id: '#swagger-ui', deepLinking: true });
