// How a batch publishes a finished pass, timed per file on the file system of the current folder:
// the ways to make a file appear only once complete, against a plain create (way 2, which a
// killed process can leave half-written) as reference. pkpass-build takes the first that works
// of way 3 (O_TMPFILE in an open folder, linked by descriptor), way 0 (the same through /proc)
// and way 1 (a temp name renamed). Nearly all of the time is the kernel's.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace {

// A folder under the current one (not /tmp, which may be a tmpfs), removed when the process ends:
// not between benchmarks, as ext4 creates files slowly for minutes after a mass delete.
class Folder {
 public:
  Folder() {
    std::string templ = std::filesystem::current_path().string() + "/publish-bench.XXXXXX";
    path_ = mkdtemp(templ.data());
  }
  ~Folder() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// A pass's size: the coffee model's archive is about 67 KB.
const std::string& Bytes() {
  static const std::string bytes(67 << 10, 'p');
  return bytes;
}

bool WriteAll(int fd) { return write(fd, Bytes().data(), Bytes().size()) == static_cast<ssize_t>(Bytes().size()); }

enum Way { kTmpfileLinkat, kTempRename, kPlainCreate, kTmpfileAtDir };

void BM_Publish(benchmark::State& state) {
  const Way way = static_cast<Way>(state.range(0));
  static Folder folder;
  const int dir = open(folder.path().c_str(), O_DIRECTORY | O_RDONLY | O_CLOEXEC);
  long n = 0;
  for (auto _ : state) {
    const std::string path =
        folder.path() + "/P" + std::to_string(way) + "-" + std::to_string(n++) + ".pkpass";
    bool ok = false;
    if (way == kTmpfileLinkat) {
      const int fd = open(folder.path().c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
      const std::string self = "/proc/self/fd/" + std::to_string(fd);
      ok = fd >= 0 && WriteAll(fd) &&
           linkat(AT_FDCWD, self.c_str(), AT_FDCWD, path.c_str(), AT_SYMLINK_FOLLOW) == 0;
      if (fd >= 0) close(fd);
    } else if (way == kTempRename) {
      const std::string temp = path + ".tmp";
      const int fd = open(temp.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0644);
      ok = fd >= 0 && WriteAll(fd) && close(fd) == 0 && rename(temp.c_str(), path.c_str()) == 0;
    } else if (way == kTmpfileAtDir) {
      // Relative to an open directory, linked by descriptor (needs CAP_DAC_READ_SEARCH).
      const int fd = openat(dir, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
      const std::string name = path.substr(path.rfind('/') + 1);
      ok = fd >= 0 && WriteAll(fd) && linkat(fd, "", dir, name.c_str(), AT_EMPTY_PATH) == 0;
      if (fd >= 0) close(fd);
    } else {
      const int fd = open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0644);
      ok = fd >= 0 && WriteAll(fd) && close(fd) == 0;
    }
    if (!ok) {
      state.SkipWithError("cannot write in the current folder");
      break;
    }
  }
  close(dir);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Publish)->ArgName("way")->Arg(kTmpfileLinkat)->Arg(kTempRename)->Arg(kPlainCreate)->Arg(kTmpfileAtDir)
    ->Iterations(4000)->UseRealTime();

}  // namespace
