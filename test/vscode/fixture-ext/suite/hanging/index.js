// extensionTestsPath that never settles: proves the harness's --timeout (counted from this entry's start)
// (screenshot, non-zero exit, no process left behind).
exports.run = () => {
  console.log('hanging entry started; this run() never settles');
  return new Promise(() => {});
};
