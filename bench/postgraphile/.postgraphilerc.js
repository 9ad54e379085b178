// PostGraphile's options beside its command line (it reads this file from its working
// directory): undated rows sort last whatever the direction, as iscm-graph and the limit sort.
module.exports = {
  options: {
    graphileBuildOptions: { orderByNullsLast: true },
  },
};
