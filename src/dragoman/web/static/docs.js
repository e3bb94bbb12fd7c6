// Swagger UI over the explorer's own OpenAPI schema, from the installed swagger-ui-py package (Swagger UI 5, OpenAPI 3.1).
window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true, layout: "BaseLayout" });
