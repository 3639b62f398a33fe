// PKPASS_EXPORT marks the symbols of the public API. The library is built with hidden visibility,
// so only what is marked here is exported from a shared build.
#ifndef PKPASS_EXPORT_H_
#define PKPASS_EXPORT_H_

#if defined(PKPASS_SHARED_LIBRARY) && defined(PKPASS_COMPILING)
#define PKPASS_EXPORT [[gnu::visibility("default")]]
#else
#define PKPASS_EXPORT
#endif

#endif  // PKPASS_EXPORT_H_
