// .pkpasses: several signed passes in one download, such as a family's tickets (iOS 15 and
// later). A bundle is a ZIP of complete .pkpass files, with no manifest or signature of its own;
// Apple: "You can have up to 10 passes or 150 MB for a bundle of passes" ("Distributing and
// updating a pass"). VerifyBundle (pkpass/verify.h) checks one.
#ifndef PKPASS_BUNDLE_H_
#define PKPASS_BUNDLE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "pkpass/export.h"
#include "pkpass/status.h"

namespace pkpass {

// Apple's limits for a bundle. 150 MB is read as 150,000,000 bytes, the smaller reading.
inline constexpr size_t kMaxBundlePasses = 10;
inline constexpr size_t kMaxBundleBytes = 150'000'000;

// Returns the .pkpasses holding `passes` (file name, .pkpass bytes), stored in the order given,
// every entry stamped `mtime` (seconds since the Unix epoch), so the same passes give the same
// bytes. kInvalidArgument, naming the limit, for no pass or more than kMaxBundlePasses, for a
// bundle past kMaxBundleBytes, and for a name that is not a plain file name ending ".pkpass" or
// is given twice, for the same pass given twice under two names, and for a pass Verify refuses
// (its signature is checked, not its chain, which VerifyBundle checks with a trust root).
PKPASS_EXPORT Result<std::string> MakeBundle(const std::vector<std::pair<std::string, std::string>>& passes,
                                             std::int64_t mtime);

}  // namespace pkpass

#endif  // PKPASS_BUNDLE_H_
