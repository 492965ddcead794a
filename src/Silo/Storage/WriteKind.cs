using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Viidakko.Silo.Storage;

internal enum WriteKind
{
    Insert,
    Update,
    Delete,
}
