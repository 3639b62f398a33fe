// manifest.json (Apple, "PassKit Package Format Reference", Package Structure): a JSON object
// mapping the path of every file of the pass except manifest.json and signature to the
// lowercase hex SHA-1 of its exact bytes.
#ifndef PKPASS_EMIT_MANIFEST_H_
#define PKPASS_EMIT_MANIFEST_H_

#include <string>
#include <vector>

#include "emit/bundle.h"

namespace pkpass {

// Returns manifest.json for `files`, compact, keys sorted by path in byte order.
std::string WriteManifest(const std::vector<BundleFile>& files);

}  // namespace pkpass

#endif  // PKPASS_EMIT_MANIFEST_H_
