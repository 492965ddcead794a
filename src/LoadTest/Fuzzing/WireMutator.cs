using Google.Protobuf.Reflection;

namespace Viidakko.LoadTest.Fuzzing;

/// <summary>
/// Damages serialized messages at the protobuf wire level: bit flips, truncation, inserted and
/// deleted bytes, unknown fields of every wire type, groups nested far beyond the parser's
/// recursion limit, lengths and varints that lie, invalid UTF-8 in string fields, and plain random
/// bytes. Most results are malformed (the hub must answer INVALID_ARGUMENT, MALFORMED_REQUEST);
/// some still parse, and are judged like any request.
/// </summary>
internal static class WireMutator
{
    /// <summary>Largest valid field number (2^29 - 1).</summary>
    private const int MaxFieldNumber = (1 << 29) - 1;

    public static byte[] FlipBits(byte[] message, Random r)
    {
        if (message.Length == 0)
        {
            return [(byte)r.Next(256)];
        }

        var copy = (byte[])message.Clone();
        for (var flips = 1 + r.Next(8); flips > 0; flips--)
        {
            copy[r.Next(copy.Length)] ^= (byte)(1 << r.Next(8));
        }

        return copy;
    }

    public static byte[] Truncate(byte[] message, Random r)
    {
        if (message.Length <= 1)
        {
            return [];
        }

        // Mostly the head (a field cut short); sometimes the tail (a message that starts mid-field).
        return r.Next(4) == 0 ? message[r.Next(1, message.Length)..] : message[..r.Next(message.Length)];
    }

    public static byte[] InsertOrDelete(byte[] message, Random r)
    {
        var bytes = message.ToList();
        for (var edits = 1 + r.Next(3); edits > 0; edits--)
        {
            var at = r.Next(bytes.Count + 1);
            switch (r.Next(4))
            {
                case 0:
                    bytes.InsertRange(at, Random(r, 1 + r.Next(16)));
                    break;
                case 1 when bytes.Count > 0:
                    at = Math.Min(at, bytes.Count - 1);
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + r.Next(16)));
                    break;
                case 2 when bytes.Count > 0:
                {
                    // Duplicate a slice: repeated fields and singular fields seen twice.
                    at = Math.Min(at, bytes.Count - 1);
                    var slice = bytes.GetRange(at, Math.Min(bytes.Count - at, 1 + r.Next(32)));
                    bytes.InsertRange(r.Next(bytes.Count + 1), slice);
                    break;
                }

                default:
                    bytes.Insert(at, HostileValues.Pick(r, new byte[] { 0x00, 0xff, 0x80, 0x7f, 0x0a, 0x12, 0x08 }));
                    break;
            }
        }

        return bytes.ToArray();
    }

    /// <summary>Appends (or puts in front) unknown fields of every wire type; most still parse.</summary>
    public static byte[] AddUnknownFields(byte[] message, MessageDescriptor type, Random r)
    {
        var w = new Writer();
        for (var fields = 1 + r.Next(12); fields > 0; fields--)
        {
            UnknownField(w, type, r, depth: 0);
        }

        return r.Next(4) == 0 ? [.. w.ToArray(), .. message] : [.. message, .. w.ToArray()];
    }

    /// <summary>Groups (or messages inside known fields) nested 1 to 1,000 deep; the parser's limit is 100.</summary>
    public static byte[] Nest(byte[] message, MessageDescriptor type, Random r)
    {
        var depth = HostileValues.Pick(r, [1, 10, 50, 98, 99, 100, 101, 102, 150, 200, 300, 1000, r.Next(1, 400)]);
        var number = HostileValues.Pick(r, [100, 1000, 19_500, MaxFieldNumber, r.Next(20, 5000)]);
        var w = new Writer();
        switch (r.Next(4))
        {
            case 0:
                // Unbalanced: start groups that never end, or end groups that never started.
                for (var i = 0; i < depth; i++)
                {
                    w.Tag(number, 3);
                }

                for (var i = r.Next(depth); i > 0; i--)
                {
                    w.Tag(number, 4);
                }

                break;
            case 1 when type.Fields.InDeclarationOrder().FirstOrDefault(f => f.FieldType == FieldType.Message) is { } field:
            {
                // Inside a known message field: the nesting counts from the request's own depth.
                var inner = new Writer();
                Groups(inner, number, depth);
                w.Tag(field.FieldNumber, 2);
                w.Bytes(inner.ToArray());
                break;
            }

            default:
                Groups(w, number, depth);
                break;
        }

        return [.. message, .. w.ToArray()];
    }

    /// <summary>A field whose bytes lie about themselves.</summary>
    public static byte[] Lie(byte[] message, MessageDescriptor type, Random r)
    {
        var fields = type.Fields.InDeclarationOrder();
        var strings = fields.Where(f => f.FieldType == FieldType.String).ToList();
        var messages = fields.Where(f => f.FieldType == FieldType.Message).ToList();
        var known = fields.Count > 0 ? fields[r.Next(fields.Count)].FieldNumber : 1;
        var w = new Writer();
        switch (r.Next(9))
        {
            case 0 when strings.Count > 0:
                // Invalid UTF-8 in a string field: a stray continuation byte, an overlong NUL, a
                // surrogate half, a five-byte form, a cut sequence.
                w.Tag(strings[r.Next(strings.Count)].FieldNumber, 2);
                w.Bytes(HostileValues.Pick(r, new[] { new byte[] { 0xff }, [0x80], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0x61, 0xe2, 0x82], [0xfe, 0xfe] }));
                break;
            case 1:
                // A length longer than what follows.
                w.Tag(known, 2);
                w.Varint((ulong)r.Next(10, 1 << 20));
                w.Raw(Random(r, r.Next(8)));
                break;
            case 2:
                // A length that is negative as a 32-bit number.
                w.Tag(known, 2);
                w.Raw([0xff, 0xff, 0xff, 0xff, 0x0f]);
                break;
            case 3:
                // A varint over ten bytes.
                w.Tag(known, 0);
                w.Raw(Enumerable.Repeat((byte)0xff, 10 + r.Next(5)).Append((byte)0x01).ToArray());
                break;
            case 4:
                // Wire types 6 and 7 do not exist.
                w.Tag(known, 6 + r.Next(2));
                w.Raw(Random(r, r.Next(8)));
                break;
            case 5:
                // Field number 0, or a tag beyond 32 bits.
                if (r.Next(2) == 0)
                {
                    w.Raw([(byte)r.Next(0, 6)]);
                }
                else
                {
                    w.Raw([0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
                }

                w.Raw(Random(r, r.Next(4)));
                break;
            case 6:
                // An end-group with no group open.
                w.Tag(known, 4);
                break;
            case 7 when messages.Count > 0:
                // A known message field holding garbage.
                w.Tag(messages[r.Next(messages.Count)].FieldNumber, 2);
                w.Bytes(Random(r, 1 + r.Next(64)));
                break;
            default:
                // A known field sent with the wrong wire type: parsed as unknown, or refused.
                w.Tag(known, HostileValues.Pick(r, [0, 1, 2, 5]));
                w.Raw(Random(r, r.Next(12)));
                break;
        }

        var lie = w.ToArray();
        return r.Next(3) == 0 ? [.. lie, .. message] : [.. message, .. lie];
    }

    /// <summary>Random bytes, or a random sequence of well-framed fields that mean nothing.</summary>
    public static byte[] RandomMessage(MessageDescriptor type, Random r)
    {
        var length = (int)Math.Min(8192, Math.Pow(2, r.NextDouble() * 13)) - 1;
        if (r.Next(3) > 0)
        {
            return Random(r, length);
        }

        var w = new Writer();
        while (w.Length < length)
        {
            UnknownField(w, type, r, depth: 0);
        }

        return w.ToArray();
    }

    /// <summary>A message just under, at or over the hub's request limit, padded with an unknown field.</summary>
    public static byte[] Oversize(byte[] message, int limit, Random r)
    {
        var total = HostileValues.Pick(r, [limit - 64, limit, limit + 1, limit + 4096, limit * 3 / 2, limit * 2]);
        var w = new Writer();
        w.Raw(message);
        w.Tag(HostileValues.Pick(r, [99, 4242, 19_999]), 2);
        // The padding's length prefix takes up to 4 bytes; aim the whole message at `total`.
        var padding = Math.Max(0, total - message.Length - 5);
        w.Bytes(new byte[padding]);
        return w.ToArray();
    }

    private static void UnknownField(Writer w, MessageDescriptor type, Random r, int depth)
    {
        var fields = type.Fields.InDeclarationOrder();
        var number = r.Next(5) switch
        {
            0 when fields.Count > 0 => fields[r.Next(fields.Count)].FieldNumber,
            1 => r.Next(19_000, 20_000),
            2 => MaxFieldNumber - r.Next(3),
            _ => r.Next(fields.Count + 1, 10_000),
        };
        switch (r.Next(depth < 3 ? 6 : 5))
        {
            case 0:
                w.Tag(number, 0);
                w.Varint(r.Next(3) == 0 ? ulong.MaxValue : (ulong)r.NextInt64());
                break;
            case 1:
            {
                // Fixed 64 or 32 bits.
                var wide = r.Next(2) == 0;
                w.Tag(number, wide ? 1 : 5);
                w.Raw(Random(r, wide ? 8 : 4));
                break;
            }

            case 2 or 3:
                w.Tag(number, 2);
                w.Bytes(Random(r, r.Next(3) == 0 ? r.Next(256, 4096) : r.Next(0, 32)));
                break;
            case 4:
                w.Tag(number, 2);
                w.Bytes(System.Text.Encoding.UTF8.GetBytes(HostileValues.Text(r, 256, null)));
                break;
            default:
                w.Tag(number, 3);
                for (var i = r.Next(3); i > 0; i--)
                {
                    UnknownField(w, type, r, depth + 1);
                }

                w.Tag(number, 4);
                break;
        }
    }

    private static void Groups(Writer w, int number, int depth)
    {
        for (var i = 0; i < depth; i++)
        {
            w.Tag(number, 3);
        }

        for (var i = 0; i < depth; i++)
        {
            w.Tag(number, 4);
        }
    }

    private static byte[] Random(Random r, int length)
    {
        var bytes = new byte[Math.Max(0, length)];
        r.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Just enough of the protobuf wire format to write anything, valid or not.</summary>
    private sealed class Writer
    {
        private readonly MemoryStream _stream = new();

        public long Length => _stream.Length;

        public void Tag(int number, int wireType) => Varint(((ulong)(uint)number << 3) | (uint)wireType);

        public void Varint(ulong value)
        {
            do
            {
                var b = (byte)(value & 0x7f);
                value >>= 7;
                _stream.WriteByte(value == 0 ? b : (byte)(b | 0x80));
            }
            while (value != 0);
        }

        public void Bytes(byte[] bytes)
        {
            Varint((ulong)bytes.Length);
            _stream.Write(bytes);
        }

        public void Raw(byte[] bytes) => _stream.Write(bytes);

        public byte[] ToArray() => _stream.ToArray();
    }
}
