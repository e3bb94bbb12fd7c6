// Swagger UI over the explorer's own OpenAPI schema, from the installed swagger-ui-bundle package.
window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true, layout: "BaseLayout" });
