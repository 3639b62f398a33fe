// PreparedPass: one pass analysed and validated, its pass.json and manifest written, waiting for
// its signature. Model::Build is Model::Prepare, then Sign, then Archive; the steps exist apart
// so that a caller can give the signatures (nearly all of a pass's time: one RSA private-key
// operation) to some threads and the rest to others, as `pkpass-build batch` does with a spare
// core. A PreparedPass keeps what it needs of its model and signer alive.
// Thread safety: a PreparedPass is used by one thread at a time; it may move between threads.
#ifndef PKPASS_PREPARED_PASS_H_
#define PKPASS_PREPARED_PASS_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pkpass/export.h"
#include "pkpass/status.h"

namespace pkpass {

// A pass's archive as consecutive pieces, for one writev or a join: the archive's headers are
// built in `scratch`, and the files' bytes (the pass's own and its model's, shared by every
// pass) are viewed, not copied. The views stay valid while the PreparedPass lives and `scratch`
// is untouched. Reused from pass to pass, it allocates nothing once its buffers have grown.
struct PKPASS_EXPORT ArchivePieces {
  std::vector<std::string_view> pieces;
  size_t size = 0;  // the archive's size: the sum of the pieces' sizes

  // Returns the archive in one string.
  std::string Join() const;

 private:
  friend class Internals;  // lib/internals.h: the library's one way in
  std::string scratch_;    // holds the headers that `pieces` views
};

class PKPASS_EXPORT PreparedPass {
 public:
  PreparedPass(PreparedPass&&) noexcept;
  PreparedPass& operator=(PreparedPass&&) noexcept;
  ~PreparedPass();

  // Signs the manifest with the signer, digest and time given to Prepare and checks the
  // signature as Build does. kCryptoError when signing or the check fails. Signing again
  // replaces the signature with the same bytes.
  Status Sign();

  // Returns the .pkpass archive. kInvalidArgument when the pass is not signed yet; kArchiveError
  // when the archive cannot be written.
  Result<std::string> Archive() const;

  // Lays out the same archive in `out`, for a writer that takes pieces (writev) and so copies
  // none of the model's images. Errors as Archive's.
  Status ArchiveTo(ArchivePieces& out) const;

  struct Impl;  // internal, defined in lib/

 private:
  friend class Internals;  // lib/internals.h: the library's one way in
  explicit PreparedPass(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// .pkpasses: several signed passes in one download, such as a family's tickets (iOS 15 and
// later). A bundle is a ZIP of complete .pkpass files, with no manifest or signature of its own;
// Apple: "You can have up to 10 passes or 150 MB for a bundle of passes" ("Distributing and
// updating a pass"). VerifyBundle (pkpass/verify.h) checks one.
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

#endif  // PKPASS_PREPARED_PASS_H_
