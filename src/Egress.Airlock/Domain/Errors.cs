namespace Egress.Airlock;

/// <summary>A refusal the caller can act on; the web maps each kind to one HTTP status.</summary>
public abstract class AirlockException(string message) : Exception(message);

/// <summary>The actor's role or project does not allow this (HTTP 403).</summary>
public sealed class AccessDeniedException(string message) : AirlockException(message);

/// <summary>No such thing — or one the actor may not know exists (HTTP 404).</summary>
public sealed class NotFoundException(string message) : AirlockException(message);

/// <summary>The request or file is not in a state that allows this (HTTP 409).</summary>
public sealed class InvalidTransitionException(string message) : AirlockException(message);

/// <summary>
/// A size, volume or count limit refused the upload before anything was stored: HTTP 413 for a file or
/// request too large, 429 when <see cref="IsDailyAllowance"/> (the day's allowance is used up; tomorrow it is not).
/// </summary>
public sealed class LimitExceededException(string message, bool isDailyAllowance = false) : AirlockException(message)
{
    public bool IsDailyAllowance { get; } = isDailyAllowance;
}

/// <summary>The input is malformed: an empty name, a duplicate user (HTTP 400).</summary>
public sealed class InvalidInputException(string message) : AirlockException(message);

/// <summary>The current password given to change it is wrong (HTTP 400; the web counts it as a failed sign-in, so guessing is slowed).</summary>
public sealed class WrongPasswordException(string message) : AirlockException(message);
