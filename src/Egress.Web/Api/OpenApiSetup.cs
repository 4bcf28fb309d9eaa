using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Egress.Web.Api;

/// <summary>The OpenAPI document: the REST API and /health only (pages are not part of it), with the bearer scheme.</summary>
public static class OpenApiSetup
{
    public static void Configure(OpenApiOptions options)
    {
        options.ShouldInclude = description =>
            description.RelativePath is { } path && (path.StartsWith("api/v1", StringComparison.Ordinal) || path == "health");
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Egress airlock API",
                Version = "v1",
                Description = "Submit export requests, follow their verdicts, review, administer and audit. "
                    + "Every /api/v1 call needs 'Authorization: Bearer egt_…' (an API token from the Tokens page).",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An Egress API token (egt_…).",
            };
            return Task.CompletedTask;
        });
    }
}
