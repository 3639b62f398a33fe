// How fast and in how little memory decompression bombs are refused: a PNG header claiming
// 100,000 x 100,000 pixels, a JPEG claiming 65,500 x 65,500 (JPEG's largest) and a GIF claiming
// 65,535 x 65,535, each given to `pkpass-build image` as a user would, in a process of its own;
// beside them a real 2,048 x 2,048 PNG made into a logo set, for scale. For each: the wall time
// of the whole process and its peak resident memory (wait4's ru_maxrss), over RUNS runs (default
// 20): median and range. The bound is 50 ms. Usage: image_bombs PKPASS_BUILD [RUNS]
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "image/raster.h"
#include "testing/images.h"
#include "testing/png.h"

extern char** environ;

namespace {

struct Run {
  double ms;
  long max_rss_kb;
  int exit_code;
};

Run Spawn(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  const auto start = std::chrono::steady_clock::now();
  pid_t pid;
  if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) != 0) return {0, 0, -1};
  int status = 0;
  struct rusage usage {};
  wait4(pid, &status, 0, &usage);
  const auto end = std::chrono::steady_clock::now();
  posix_spawn_file_actions_destroy(&actions);
  return {std::chrono::duration<double, std::milli>(end - start).count(), usage.ru_maxrss,
          WIFEXITED(status) ? WEXITSTATUS(status) : -1};
}

std::string Jpeg(std::uint16_t side) {
  std::string jpeg = "\xFF\xD8\xFF\xC0";
  jpeg += std::string("\x00\x11\x08", 3);
  for (int i = 0; i < 2; ++i) {
    jpeg.push_back(static_cast<char>(side >> 8));
    jpeg.push_back(static_cast<char>(side & 0xff));
  }
  jpeg += std::string("\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01", 10) + std::string(64, '\0');
  return jpeg;
}

std::string Gif(std::uint16_t side) {
  std::string gif = "GIF89a";
  for (int i = 0; i < 2; ++i) {
    gif.push_back(static_cast<char>(side & 0xff));
    gif.push_back(static_cast<char>(side >> 8));
  }
  return gif + std::string("\x80\x00\x00", 3) + std::string(6, '\0') + ";";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: image_bombs PKPASS_BUILD [RUNS]\n");
    return 2;
  }
  const std::string tool = argv[1];
  const int runs = argc > 2 ? std::atoi(argv[2]) : 20;
  const std::string dir = std::filesystem::temp_directory_path() / ("pkpass-image-bombs-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::vector<std::string> names = {"png-100000x100000.png", "jpeg-65500x65500.jpg", "gif-65535x65535.gif",
                                          "real-2048x2048.png"};
  // The inputs are made in a child of their own: a process started by this one inherits its
  // peak memory in ru_maxrss, which must stay this small program's.
  if (const pid_t maker = fork(); maker == 0) {
    const std::string bytes[] = {pkpass::testing::MakePngHeaderOnly(100000, 100000), Jpeg(65500), Gif(65535),
                                 pkpass::EncodePng(pkpass::testing::TestPattern(2048, 2048, true))};
    for (size_t i = 0; i < names.size(); ++i) std::ofstream(dir + "/" + names[i], std::ios::binary) << bytes[i];
    _exit(0);
  } else {
    waitpid(maker, nullptr, 0);
  }
  std::printf("%-24s %8s %22s %22s %s\n", "input", "bytes", "wall ms median (range)", "peak RSS MB (range)", "exit");
  for (const std::string& name : names) {
    const std::string path = dir + "/" + name;
    const auto size = std::filesystem::file_size(path);
    std::vector<Run> done;
    for (int i = 0; i < runs; ++i) done.push_back(Spawn({tool, "image", path, "--type", "logo", "-o", dir + "/out"}));
    std::vector<double> ms, mb;
    for (const Run& r : done) {
      ms.push_back(r.ms);
      mb.push_back(r.max_rss_kb / 1024.0);
    }
    std::sort(ms.begin(), ms.end());
    std::sort(mb.begin(), mb.end());
    std::printf("%-24s %8ju %8.1f (%5.1f-%6.1f) %8.1f (%5.1f-%6.1f) %d\n", name.c_str(), std::uintmax_t{size}, ms[ms.size() / 2],
                ms.front(), ms.back(), mb[mb.size() / 2], mb.front(), mb.back(), done.front().exit_code);
  }
  std::filesystem::remove_all(dir);
  return 0;
}
