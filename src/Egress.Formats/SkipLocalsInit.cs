// Scratch buffers (stackalloc) are written before they are read: zeroing them on every call is wasted work in the scan loop.
[module: System.Runtime.CompilerServices.SkipLocalsInit]
