using Egress.Airlock;
using Egress.Web.Api;
using Egress.Web.Pages;

namespace Egress.Web.Hosting;

/// <summary>
/// Turns the core's refusals into HTTP statuses and messages a person can act on: JSON on the API,
/// a page elsewhere. Anything unexpected is a 500 whose details go to the log only (fail closed: an
/// error never releases anything; the core decides releases, not this layer).
/// </summary>
public static class ErrorMapping
{
    public static (int Status, string Message)? Map(Exception e) => e switch
    {
        AccessDeniedException => (StatusCodes.Status403Forbidden, e.Message),
        NotFoundException => (StatusCodes.Status404NotFound, e.Message),
        InvalidTransitionException => (StatusCodes.Status409Conflict, e.Message),
        // A used-up daily allowance is "too many for now" (429); any other limit is "too large" (413). The core
        // has one exception type for both, so the allowance is told by its message until it gets a type of its own.
        LimitExceededException { IsDailyAllowance: true } => (StatusCodes.Status429TooManyRequests, e.Message),
        LimitExceededException => (StatusCodes.Status413PayloadTooLarge, e.Message),
        UploadTooLargeException => (StatusCodes.Status413PayloadTooLarge, e.Message),
        InvalidInputException => (StatusCodes.Status400BadRequest, e.Message),
        WrongPasswordException => (StatusCodes.Status400BadRequest, e.Message),
        BadUploadException => (StatusCodes.Status400BadRequest, e.Message),
        Microsoft.AspNetCore.Antiforgery.AntiforgeryValidationException =>
            (StatusCodes.Status400BadRequest, "the form has expired or did not come from this site: reload the page and try again"),
        BadHttpRequestException b when b.StatusCode == StatusCodes.Status413PayloadTooLarge =>
            (StatusCodes.Status413PayloadTooLarge, "the upload is larger than the server accepts"),
        BadHttpRequestException b => (b.StatusCode, "the request could not be read"),
        System.Text.Json.JsonException => (StatusCodes.Status400BadRequest, "the JSON body could not be read"),
        _ => null,
    };

    public static IApplicationBuilder UseEgressErrors(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            var mapped = Map(e);
            if (mapped is null)
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Egress.Web").LogError(e, "request failed: {Path}", context.Request.Path);
            var (status, message) = mapped ?? (StatusCodes.Status500InternalServerError, "something went wrong on the server; nothing was released. Try again, and tell an administrator if it persists");
            context.Response.Clear();
            context.Response.StatusCode = status;
            if (IsApi(context))
                await context.Response.WriteAsJsonAsync(new ErrorDto(status, message), ApiJson.Options);
            else
                await PageResults.Write(context, status, ErrorPage.Render(context, status, message));
        }
    });

    public static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");
}
