// The version of the pkpass library.
#ifndef PKPASS_VERSION_H_
#define PKPASS_VERSION_H_

#define PKPASS_VERSION_MAJOR 0
#define PKPASS_VERSION_MINOR 1
#define PKPASS_VERSION_PATCH 0
#define PKPASS_VERSION_STRING "0.1.0"

#endif  // PKPASS_VERSION_H_
