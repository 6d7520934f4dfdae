// kafkajs trips Node 24's TimeoutNegativeWarning on every connection (tulios/kafkajs#1751); harmless noise.
process.removeAllListeners('warning');
process.on('warning', (w) => {
  if (w.name !== 'TimeoutNegativeWarning') console.warn(`${w.name}: ${w.message}`);
});
