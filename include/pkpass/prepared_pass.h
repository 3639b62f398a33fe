// PreparedPass: one pass analysed and validated, its pass.json and manifest written, waiting for
// its signature. Model::Build is Model::Prepare, then Sign, then Archive; the steps exist apart
// so that a caller can give the signatures (nearly all of a pass's time: one RSA private-key
// operation) to some threads and the rest to others, as `pkpass-build batch` does with a spare
// core. A PreparedPass keeps what it needs of its model and signer alive.
// Thread safety: a PreparedPass is used by one thread at a time; it may move between threads.
#ifndef PKPASS_PREPARED_PASS_H_
#define PKPASS_PREPARED_PASS_H_

#include <memory>
#include <string>

#include "pkpass/export.h"
#include "pkpass/status.h"

namespace pkpass {

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

  struct Impl;  // internal, defined in lib/

 private:
  friend class Internals;  // lib/internals.h: the library's one way in
  explicit PreparedPass(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace pkpass

#endif  // PKPASS_PREPARED_PASS_H_
