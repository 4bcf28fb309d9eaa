namespace Egress.Airlock;

/// <summary>A refusal the caller can act on; the web maps each kind to one HTTP status.</summary>
public abstract class AirlockException(string message) : Exception(message);

/// <summary>The actor's role or project does not allow this (HTTP 403).</summary>
public sealed class AccessDeniedException(string message) : AirlockException(message);

/// <summary>No such thing — or one the actor may not know exists (HTTP 404).</summary>
public sealed class NotFoundException(string message) : AirlockException(message);

/// <summary>The request or file is not in a state that allows this (HTTP 409).</summary>
public sealed class InvalidTransitionException(string message) : AirlockException(message);

/// <summary>A size, volume or count limit refused the upload before anything was stored (HTTP 413).</summary>
public sealed class LimitExceededException(string message) : AirlockException(message);

/// <summary>The input is malformed: an empty name, a duplicate user (HTTP 400).</summary>
public sealed class InvalidInputException(string message) : AirlockException(message);
