using Egress.Web.Html;
using Microsoft.AspNetCore.Antiforgery;

namespace Egress.Web.Pages;

/// <summary>
/// Forms on pages: each carries an antiforgery token (a hidden field first in the form) that every
/// POST handler validates before acting. Multipart uploads read the token from the first field and
/// validate it before a single file byte is written.
/// </summary>
public static class PageForms
{
    public const string AntiforgeryField = "__csrf";
    public const string AntiforgeryHeader = "X-Egress-Csrf";

    /// <summary>Opens a POST form with its antiforgery token; close it with <see cref="HtmlWriter.Close"/>.</summary>
    public static HtmlWriter OpenForm(this HtmlWriter w, HttpContext context, string action, string? id = null, string cssClass = "stacked",
        bool multipart = false)
    {
        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        w.Open("form", ("method", "post"), ("action", action), ("id", id), ("class", cssClass),
            ("enctype", multipart ? "multipart/form-data" : null));
        w.Void("input", ("type", "hidden"), ("name", AntiforgeryField), ("value", tokens.RequestToken));
        return w;
    }

    /// <summary>A single-button form (withdraw, revoke, sign out).</summary>
    public static HtmlWriter ButtonForm(this HtmlWriter w, HttpContext context, string action, string label, string? id = null, string buttonClass = "secondary",
        params (string Name, string Value)[] hidden)
    {
        w.OpenForm(context, action, null, "inline");
        foreach (var (name, value) in hidden) w.Void("input", ("type", "hidden"), ("name", name), ("value", value));
        w.Element("button", label, ("type", "submit"), ("id", id), ("class", buttonClass));
        return w.Close();
    }

    /// <summary>A labelled input; the label names the field for screen readers and the browser tests.</summary>
    public static HtmlWriter Field(this HtmlWriter w, string id, string label, string type = "text", string? value = null, bool required = false,
        string? hint = null, string? autocomplete = null, bool multiple = false)
    {
        w.Open("div", ("class", "field"));
        w.Element("label", label, ("for", id));
        w.Void("input", ("type", type), ("id", id), ("name", id), ("value", value), ("required", required ? "" : null),
            ("aria-describedby", hint is null ? null : id + "-hint"), ("autocomplete", autocomplete), ("multiple", multiple ? "" : null));
        if (hint is not null) w.Element("p", hint, ("class", "hint"), ("id", id + "-hint"));
        return w.Close();
    }

    public static HtmlWriter TextArea(this HtmlWriter w, string id, string label, string? value = null, string? hint = null, bool required = false)
    {
        w.Open("div", ("class", "field"));
        w.Element("label", label, ("for", id));
        w.Element("textarea", value, ("id", id), ("name", id), ("rows", "4"), ("maxlength", "4000"), ("required", required ? "" : null),
            ("aria-describedby", hint is null ? null : id + "-hint"));
        if (hint is not null) w.Element("p", hint, ("class", "hint"), ("id", id + "-hint"));
        return w.Close();
    }

    public static HtmlWriter Select(this HtmlWriter w, string id, string label, IEnumerable<(string Value, string Text)> options, string? selected = null)
    {
        w.Open("div", ("class", "field"));
        w.Element("label", label, ("for", id));
        w.Open("select", ("id", id), ("name", id));
        foreach (var (value, text) in options)
            w.Element("option", text, ("value", value), ("selected", value == selected ? "" : null));
        return w.Close().Close();
    }

    /// <summary>Validates a url-encoded form's antiforgery token (throws AntiforgeryValidationException → 400) and returns the form.</summary>
    public static async Task<IFormCollection> ReadValidatedFormAsync(HttpContext context)
    {
        await context.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(context);
        return await context.Request.ReadFormAsync(context.RequestAborted);
    }

    /// <summary>
    /// For a multipart upload: the field callback that validates the antiforgery token when it arrives. The
    /// token is the form's first field, so it is checked before any file is read; a file arriving first
    /// fails validation.
    /// </summary>
    public static Func<string, string, Task> AntiforgeryFieldCheck(HttpContext context, Action validated) => async (name, value) =>
    {
        if (name != AntiforgeryField) return;
        context.Request.Headers[AntiforgeryHeader] = value;
        await context.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(context);
        validated();
    };
}
