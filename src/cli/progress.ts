// A progress bar on standard error: redrawn in place on a terminal, every tenth otherwise (logs, CI).
export function progressReporter(total: number) {
  const tty = process.stderr.isTTY;
  let lastTenth = -1;
  const bar = (done: number) => {
    const width = 30;
    const filled = total === 0 ? width : Math.round((done / total) * width);
    return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`;
  };
  return {
    update(done: number) {
      if (tty) process.stderr.write(`\r${bar(done)}`);
      else {
        const tenth = Math.floor((done / total) * 10);
        if (tenth !== lastTenth) process.stderr.write(`${bar(done)}\n`);
        lastTenth = tenth;
      }
    },
    end() {
      if (tty) process.stderr.write('\n');
    },
  };
}
