using System.CommandLine;
using System.CommandLine.Parsing;

namespace Egress.Cli.Commands;

/// <summary>
/// The parser's errors as plain sentences: an unknown command or option with the closest known one ("did you
/// mean …"), a value of the wrong kind named by its option or argument — never a .NET type name.
/// </summary>
public static class ParseErrorText
{
    /// <summary>What is wrong with the command line, one sentence each; empty when nothing is.</summary>
    public static IReadOnlyList<string> Sentences(ParseResult parsed)
    {
        var at = parsed.CommandResult;
        // A mistyped option is often taken as a file name (`check --jsn x.csv`): it explains whatever else failed.
        var mistypedOptions = at.Children.OfType<ArgumentResult>().SelectMany(a => a.Tokens).Select(t => t.Value)
            .Concat(parsed.UnmatchedTokens).Where(LooksLikeOption).Distinct().ToList();
        if (mistypedOptions.Count > 0) return mistypedOptions.Select(token => Unknown(at, token)).ToList();
        // An unknown command: the words after it mean nothing yet.
        if (parsed.UnmatchedTokens.Count > 0 && at.Command.Subcommands.Count > 0) return [Unknown(at, parsed.UnmatchedTokens[0])];
        var sentences = parsed.UnmatchedTokens.Select(token => Unknown(at, token)).ToList();
        foreach (var error in parsed.Errors)
        {
            if (parsed.UnmatchedTokens.Any(token => error.Message.Contains($"'{token}'", StringComparison.Ordinal))) continue;
            sentences.Add(WrongKind(error) ?? error.Message.TrimEnd('.'));
        }
        return sentences.Distinct().ToList();
    }

    /// <summary>"--jsn" or "-x", not "-" (standard input) or "-5" (a number).</summary>
    private static bool LooksLikeOption(string token) => token.Length > 1 && token[0] == '-' && (token[1] == '-' || char.IsLetter(token[1]));

    private static string Unknown(CommandResult at, string token)
    {
        var command = at.Command;
        var name = CommandPath(at);
        if (token.StartsWith('-'))
        {
            var options = OptionNames(at).ToList();
            return $"unknown option '{token}' for '{name}'" + Hint(token, options, "options");
        }
        if (command.Subcommands.Count > 0)
        {
            var commands = command.Subcommands.Where(c => !c.Hidden).SelectMany(c => c.Aliases.Prepend(c.Name)).ToList();
            var prefix = name == "egress" ? "" : name["egress ".Length..] + " ";
            return $"unknown command '{prefix}{token}'" + Hint(token, commands, "commands", prefix);
        }
        return $"unexpected argument '{token}' for '{name}'";
    }

    /// <summary>" (did you mean 'x'?)" for the closest candidate, else the candidates themselves.</summary>
    private static string Hint(string token, IReadOnlyList<string> candidates, string what, string prefix = "")
    {
        var closest = Suggestions.Closest(token, candidates);
        if (closest is not null) return $" (did you mean '{prefix}{closest}'?)";
        return candidates.Count == 0 ? "" : $" ({what}: {string.Join(", ", candidates.Distinct())})";
    }

    private static IEnumerable<string> OptionNames(CommandResult at)
    {
        for (SymbolResult? result = at; result is not null; result = result.Parent)
            if (result is CommandResult c)
                foreach (var option in c.Command.Options.Where(o => !o.Hidden && (ReferenceEquals(c, at) || o.Recursive)))
                    foreach (var alias in option.Aliases.Prepend(option.Name)) yield return alias;
    }

    private static string CommandPath(CommandResult at)
    {
        var names = new List<string>();
        for (SymbolResult? result = at; result is not null; result = result.Parent)
            if (result is CommandResult c) names.Add(c.Parent is null ? "egress" : c.Command.Name);
        names.Reverse();
        return string.Join(' ', names);
    }

    /// <summary>A value the parser could not read as its option's or argument's type, e.g. `status abc`.</summary>
    private static string? WrongKind(ParseError error)
    {
        var (type, tokens, owner) = error.SymbolResult switch
        {
            OptionResult o => (o.Option.ValueType, o.Tokens, o.Option.Name),
            ArgumentResult { Parent: OptionResult o } a => (a.Argument.ValueType, a.Tokens, o.Option.Name),
            ArgumentResult { Parent: CommandResult c } a => (a.Argument.ValueType, a.Tokens, $"the {a.Argument.Name} of '{CommandPath(c)}'"),
            _ => (null, null, ""),
        };
        if (type is null || tokens is null || Kind(type) is not { } kind) return null;
        // Only a value that does not read as the type is this error (a range check on a good number is another).
        if (!error.Message.Contains(type.ToString(), StringComparison.Ordinal) && !error.Message.Contains(type.Name, StringComparison.Ordinal)) return null;
        var value = tokens.Count > 0 ? tokens[^1].Value : "";
        return $"{owner} must be {kind}, not '{value}'";
    }

    private static string? Kind(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? (type.IsArray ? type.GetElementType()! : type);
        if (type == typeof(int) || type == typeof(long) || type == typeof(ulong) || type == typeof(uint) || type == typeof(short))
            return "a whole number";
        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal)) return "a number";
        if (type == typeof(bool)) return "true or false";
        if (type == typeof(DateTime) || type == typeof(DateOnly)) return "a date (yyyy-mm-dd)";
        if (type == typeof(TimeSpan)) return "a duration";
        return null;
    }
}
