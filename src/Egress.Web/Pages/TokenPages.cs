using Egress.Airlock;
using Egress.Web.Html;

namespace Egress.Web.Pages;

/// <summary>API tokens: list (prefix and dates), create (shown once), revoke.</summary>
public static class TokenPages
{
    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/tokens", async (HttpContext c, AirlockService a) => await Render(c, a, null, PageEndpoints.FromQuery(c)));

        pages.MapPost("/tokens", async (HttpContext c, AirlockService a) =>
        {
            var form = await PageForms.ReadValidatedFormAsync(c);
            var token = await a.CreateTokenAsync(PageEndpoints.Actor(c), form["token-name"].ToString().Trim(), c.RequestAborted);
            return await Render(c, a, token, Notice.Ok("Token created. Copy it now: it is shown only this once."));
        });

        pages.MapPost("/tokens/{id:long}/revoke", async (long id, HttpContext c, AirlockService a) =>
        {
            await PageForms.ReadValidatedFormAsync(c);
            await a.RevokeTokenAsync(PageEndpoints.Actor(c), id, c.RequestAborted);
            return Results.Redirect("/tokens?notice=token-revoked");
        });
    }

    private static async Task<IResult> Render(HttpContext c, AirlockService a, NewApiToken? created, Notice? notice)
    {
        var actor = PageEndpoints.Actor(c);
        var tokens = await a.ListTokensAsync(actor, c.RequestAborted);
        // An admin lists everyone's tokens: name their owners (only admins and auditors may list accounts).
        var owners = actor.Role is Role.Admin or Role.Auditor
            ? (await a.ListUsersAsync(actor, c.RequestAborted)).ToDictionary(u => u.Id, u => u.Username)
            : new Dictionary<long, string> { [actor.UserId] = actor.Username };
        return PageResults.Page(c, "API tokens", w =>
        {
            if (created is not null)
            {
                w.Element("p", "Your new token (use it as EGRESS_TOKEN for `egress submit` and `egress status`):");
                w.Element("p", created.Token, ("class", "token mono"), ("id", "new-token"));
            }
            w.Element("p", "Tokens let the egress command and pipelines act as you. Egress keeps only a hash of each token; revoke any you no longer use.");
            if (tokens.Count > 0)
            {
                w.Open("table", ("id", "tokens-table"));
                w.Open("thead").Open("tr");
                foreach (var h in new[] { "Name", "Starts with", "Owner", "Created", "Last used", "Expires", "Revoked", "" }) w.Element("th", h, ("scope", "col"));
                w.Close().Close().Open("tbody");
                foreach (var t in tokens)
                {
                    w.Open("tr", ("id", $"token-row-{t.Id}"));
                    w.Element("td", t.Name).Element("td", t.Prefix + "…", ("class", "mono")).Element("td", owners.GetValueOrDefault(t.UserId, $"user {t.UserId}"))
                        .Element("td", Format.Time(t.Created)).Element("td", t.LastUsed is { } u ? Format.Time(u) : "never")
                        .Element("td", Format.Time(t.Expires)).Element("td", t.Revoked is { } r ? Format.Time(r) : "no");
                    w.Open("td");
                    if (t.Revoked is null) w.ButtonForm(c, $"/tokens/{t.Id}/revoke", "Revoke", $"revoke-token-{t.Id}", "danger");
                    w.Close().Close();
                }
                w.Close().Close();
            }
            w.Element("h2", "Create a token");
            w.OpenForm(c, "/tokens", "token-form");
            w.Field("token-name", "Name", required: true, hint: "What the token is for, e.g. 'laptop CLI'.");
            w.Element("button", "Create token", ("type", "submit"), ("id", "create-token-button"));
            w.Close();
        }, notice);
    }
}
