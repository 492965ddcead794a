namespace Viidakko.Gateway.Infrastructure;

/// <summary>Which characters a person never means in a name or a note.</summary>
public static class TextRules
{
    /// <summary>
    /// The position of the first character no user means, or null: control characters (NUL, escape
    /// sequences; in a multi-line text, line breaks and tabs are fine), the bidirectional
    /// embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) that make a text display
    /// other than it reads, a byte-order mark, and the noncharacters U+FFFE and U+FFFF.
    /// </summary>
    public static int? FirstForbidden(string text, bool multiline)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var allowed = c switch
            {
                '\n' or '\t' or '\r' => multiline,
                _ when char.IsControl(c) => false,
                >= '\u202A' and <= '\u202E' => false,
                >= '\u2066' and <= '\u2069' => false,
                '\uFEFF' or '\uFFFE' or '\uFFFF' => false,
                _ => true,
            };
            if (!allowed)
            {
                return i;
            }
        }

        return null;
    }
}
