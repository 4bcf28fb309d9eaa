using System.Text.Json;
using Egress.Formats.Content;

namespace Egress.Formats.Documents;

/// <summary>Receives the tokens of a JSON stream one by one; returning false stops the pump.</summary>
internal interface IJsonTokens
{
    bool Token(ref Utf8JsonReader reader, long offset);
}

/// <summary>
/// Feeds a JSON stream through <see cref="Utf8JsonReader"/> a buffer at a time, so any size is read
/// in bounded memory: one token (a string) may take at most the token bound, nesting is bounded by the
/// context, and damage becomes <see cref="InvalidDataException"/>. Offsets given to the sink are from
/// the start of the content, so a later pass can start again at any container or string.
/// </summary>
internal sealed class JsonTokenPump
{
    private const int InitialBuffer = 1 << 16;

    private readonly Stream _stream;
    private readonly UnpackContext _context;
    private readonly long _maxToken;
    private byte[] _buffer = new byte[InitialBuffer];
    private int _filled;
    private long _base;
    private JsonReaderState _state;
    private bool _eof;
    private bool _done;

    /// <param name="stream">Positioned at <paramref name="offset"/> of the content.</param>
    /// <param name="multipleValues">Several top-level values one after the other (NDJSON).</param>
    public JsonTokenPump(Stream stream, long offset, bool multipleValues, UnpackContext context)
    {
        _stream = stream;
        _base = offset;
        _context = context;
        _maxToken = Math.Max(InitialBuffer, context.Limits.MaxInMemoryBytes / 4);
        // The nesting bound is checked by the walkers (a limit, not damage): the reader's own is set past it.
        _state = new JsonReaderState(new JsonReaderOptions
        {
            AllowMultipleValues = multipleValues,
            MaxDepth = context.Limits.MaxNesting + 2,
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        });
    }

    /// <summary>Opens the content at <paramref name="offset"/> (seeking when it can, reading past the bytes when it cannot).</summary>
    public static Stream OpenAt(ContentSource source, long offset, UnpackContext context)
    {
        var stream = source.Open();
        if (offset == 0) return stream;
        if (stream.CanSeek)
        {
            stream.Seek(offset, SeekOrigin.Begin);
            return stream;
        }
        var skip = new byte[1 << 16];
        var left = offset;
        while (left > 0)
        {
            context.ThrowIfCancelled();
            var n = stream.Read(skip, 0, (int)Math.Min(skip.Length, left));
            if (n == 0) throw new EndOfStreamException();
            left -= n;
        }
        return stream;
    }

    /// <summary>Reads one buffer of tokens into the sink; false when the content (or the sink) is done.</summary>
    public bool Pump(IJsonTokens sink)
    {
        if (_done) return false;
        _context.ThrowIfCancelled();
        Fill();
        var reader = new Utf8JsonReader(_buffer.AsSpan(0, _filled), _eof, _state);
        try
        {
            while (reader.Read())
                if (!sink.Token(ref reader, _base + reader.TokenStartIndex))
                {
                    _done = true;
                    return false;
                }
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"malformed JSON at byte {_base + reader.BytesConsumed:N0} ({FirstSentence(e.Message)})");
        }
        catch (InvalidOperationException)
        {
            // What the reader says when a string is not valid UTF-8.
            throw new InvalidDataException($"JSON text that is not valid UTF-8 near byte {_base + reader.BytesConsumed:N0}");
        }
        if (_eof)
        {
            _done = true;
            return false;
        }
        _state = reader.CurrentState;
        var consumed = (int)reader.BytesConsumed;
        if (consumed == 0 && _filled == _buffer.Length) Grow();
        Buffer.BlockCopy(_buffer, consumed, _buffer, 0, _filled - consumed);
        _filled -= consumed;
        _base += consumed;
        return true;
    }

    private void Fill()
    {
        while (!_eof && _filled < _buffer.Length)
        {
            var n = _stream.Read(_buffer, _filled, _buffer.Length - _filled);
            if (n == 0) _eof = true;
            _filled += n;
        }
    }

    private void Grow()
    {
        if (_buffer.Length >= _maxToken)
            throw new InputLimitException($"a single JSON value is longer than {_maxToken:N0} bytes");
        Array.Resize(ref _buffer, (int)Math.Min(_maxToken, _buffer.Length * 2L));
    }

    /// <summary>The reader's message without the line and position detail that may quote content.</summary>
    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" LineNumber", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd(' ', '.', '|');
    }
}
